package edu.attendance.dashboard;

import edu.attendance.analytics.AnalyticsModule;
import edu.attendance.platform.postgres.ModuleSchema;
import edu.attendance.platform.WebPlatformConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;

/** The dashboard module: the web app, live views, notices, and the history reads served as JSON. */
@Configuration(proxyBeanMethods = false)
@Import({WebPlatformConfiguration.class, AnalyticsModule.class})
@ConfigurationPropertiesScan(basePackageClasses = DashboardModule.class) // each feature's settings record, package-private
@ComponentScan(basePackageClasses = DashboardModule.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class DashboardModule {

    /** This module's tables: {@code db/dashboard/V*.sql}, history in {@code dashboard_schema_history}. */
    @Bean
    FlywayMigrationInitializer dashboardSchema(DataSource dataSource) {
        return ModuleSchema.migrations(dataSource, "dashboard");
    }
}
