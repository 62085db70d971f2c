package edu.attendance.reports;

import edu.attendance.analytics.AnalyticsModule;
import edu.attendance.platform.PlatformConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/** The batch-reports module: register exports (JasperReports → PDF, XLSX) and report runs. */
@Configuration(proxyBeanMethods = false)
@Import({PlatformConfiguration.class, AnalyticsModule.class})
@EnableConfigurationProperties(ReportSettings.class)
@ComponentScan(basePackageClasses = BatchReportsModule.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class BatchReportsModule {
}
