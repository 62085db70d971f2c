package edu.attendance.reports;

import edu.attendance.analytics.AnalyticsModule;
import edu.attendance.platform.postgres.ModuleSchema;
import edu.attendance.platform.WebPlatformConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;

/** The batch-reports module: register exports (JasperReports → PDF, XLSX) and report runs. */
@Configuration(proxyBeanMethods = false)
@Import({WebPlatformConfiguration.class, AnalyticsModule.class})
@EnableConfigurationProperties(ReportSettings.class)
@ComponentScan(basePackageClasses = BatchReportsModule.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class BatchReportsModule {

    /** This module's tables: {@code db/reports/V*.sql}, history in {@code reports_schema_history}. */
    @Bean
    FlywayMigrationInitializer reportsSchema(DataSource dataSource) {
        return ModuleSchema.migrations(dataSource, "reports");
    }
}
