package edu.attendance.ingest;

import edu.attendance.platform.PlatformConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The ingest-api module: importable into the all-in-one launcher or run alone by {@link IngestApiApplication}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@Import(PlatformConfiguration.class)
@ComponentScan(basePackageClasses = IngestModule.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class IngestModule {
}
