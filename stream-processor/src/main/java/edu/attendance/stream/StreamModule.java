package edu.attendance.stream;

import edu.attendance.platform.PlatformConfiguration;
import edu.attendance.platform.clickhouse.ClickHouseConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/** The stream-processor module: decision topology and ClickHouse sink. */
@Configuration(proxyBeanMethods = false)
@Import({PlatformConfiguration.class, ClickHouseConfiguration.class})
@EnableConfigurationProperties(StreamSettings.class)
@ComponentScan(basePackageClasses = StreamModule.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class StreamModule {
}
