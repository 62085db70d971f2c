package edu.attendance.platform;

import edu.attendance.platform.clickhouse.ClickHouse;
import edu.attendance.platform.clickhouse.ClickHouseMigrator;
import edu.attendance.platform.kafka.TopicDefinitions;
import edu.attendance.platform.security.SecurityConfiguration;
import edu.attendance.platform.web.ProblemHandler;
import edu.attendance.platform.web.UnreadBodyGuard;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/** What every service stands on: typed settings, security, problem+json, topics, ClickHouse. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AttendanceProperties.class)
@PropertySource("classpath:config/attendance-defaults.properties")
@Import({SecurityConfiguration.class, ProblemHandler.class, UnreadBodyGuard.class, TopicDefinitions.class})
public class PlatformConfiguration {

    @Bean(destroyMethod = "close")
    ClickHouse clickHouse(AttendanceProperties props) {
        var c = props.clickhouse();
        ClickHouse ch = new ClickHouse(c.url(), c.database(), c.username(), c.password());
        if (c.migrate()) {
            ClickHouseMigrator.migrate(ch, "clickhouse");
        }
        return ch;
    }
}
