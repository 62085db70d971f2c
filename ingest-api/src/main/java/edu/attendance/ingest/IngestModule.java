package edu.attendance.ingest;

import edu.attendance.platform.postgres.ModuleSchema;
import edu.attendance.platform.WebPlatformConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.SpringBootConfiguration;
import edu.attendance.ingest.session.SessionSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The ingest-api module: importable into the all-in-one launcher or run alone by {@link IngestApiApplication}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(SessionSettings.class)
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
