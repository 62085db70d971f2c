package edu.attendance.ingest;

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
import org.springframework.scheduling.annotation.EnableScheduling;

import javax.sql.DataSource;

/** The ingest-api module: importable into the all-in-one launcher or run alone by {@link IngestApiApplication}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConfigurationPropertiesScan(basePackageClasses = IngestModule.class) // each feature's settings record, package-private
@Import(WebPlatformConfiguration.class)
@ComponentScan(basePackageClasses = IngestModule.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class IngestModule {

    /** This module's tables: {@code db/ingest/V*.sql}, history in {@code ingest_schema_history}. */
    @Bean
    FlywayMigrationInitializer ingestSchema(DataSource dataSource) {
        return ModuleSchema.migrations(dataSource, "ingest");
    }
}
