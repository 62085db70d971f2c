package edu.attendance.platform;

import edu.attendance.platform.kafka.TopicDefinitions;
import edu.attendance.platform.security.SecurityConfiguration;
import edu.attendance.platform.web.ProblemHandler;
import edu.attendance.platform.web.UnreadBodyGuard;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/** What every service stands on: typed settings, security, problem+json, topics (ClickHouse: {@link edu.attendance.platform.clickhouse.ClickHouseConfiguration}, for the modules that use it). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AttendanceProperties.class)
@PropertySource("classpath:config/attendance-defaults.properties")
@Import({SecurityConfiguration.class, ProblemHandler.class, UnreadBodyGuard.class, TopicDefinitions.class})
public class PlatformConfiguration {
}
