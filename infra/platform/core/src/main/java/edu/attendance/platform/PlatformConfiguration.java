package edu.attendance.platform;

import edu.attendance.platform.disk.DataDisk;
import edu.attendance.platform.kafka.TopicDefinitions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

import java.time.Clock;

/**
 * What every service stands on, the stream processor included: typed settings, their defaults, the topics. The HTTP
 * services add {@code platform-web}'s {@code WebPlatformConfiguration} (security, problem+json, PostgreSQL); the
 * modules that read or write the history add {@link edu.attendance.platform.clickhouse.ClickHouseConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AttendanceProperties.class, DataDisk.Settings.class})
@PropertySource("classpath:config/attendance-defaults.properties")
@Import(TopicDefinitions.class)
public class PlatformConfiguration {

    /** The data directory's free space: capture refuses marks before the disk is full. */
    @Bean
    DataDisk dataDisk(AttendanceProperties props, DataDisk.Settings settings) {
        return new DataDisk(props, settings);
    }

    /** The one clock every rule reads (tests give their own). */
    @Bean
    static Clock platformClock() {
        return Clock.systemUTC();
    }
}
