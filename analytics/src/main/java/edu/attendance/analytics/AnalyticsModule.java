package edu.attendance.analytics;

import edu.attendance.platform.clickhouse.ClickHouseConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Configuration;

/**
 * The read side over the history, imported by the modules that serve it: the dashboard (as JSON) and batch-reports
 * (as files and scheduled mail). It reads ClickHouse for counts and PostgreSQL for the roster and who may read what.
 */
@Configuration(proxyBeanMethods = false)
@Import(ClickHouseConfiguration.class)
@ComponentScan(basePackageClasses = AnalyticsModule.class)
public class AnalyticsModule {
}
