package edu.attendance.platform.clickhouse;

import edu.attendance.platform.AttendanceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connection to the history store, imported only by the modules that read or write it (the stream processor's
 * sinks and the analytics); the schema is the stream processor's, which writes it and migrates it.
 */
@Configuration(proxyBeanMethods = false)
public class ClickHouseConfiguration {

    @Bean(destroyMethod = "close")
    ClickHouse clickHouse(AttendanceProperties props) {
        var c = props.clickhouse();
        return new ClickHouse(c.url(), c.database(), c.username(), c.password(), c.cluster());
    }
}
