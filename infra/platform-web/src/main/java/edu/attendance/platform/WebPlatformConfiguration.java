package edu.attendance.platform;

import edu.attendance.platform.web.EventStreams;
import edu.attendance.platform.web.HttpServerGuards;
import edu.attendance.platform.web.HttpSettings;
import edu.attendance.platform.web.InputGuard;
import edu.attendance.platform.web.ProblemHandler;
import edu.attendance.platform.web.StrictJson;
import edu.attendance.platform.web.UnreadBodyGuard;
import edu.attendance.platform.security.SecurityConfiguration;
import edu.attendance.platform.postgres.ChangeFeed;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;

/** What an HTTP service with accounts stands on: the platform, security (JWT, roles), one problem+json mapping. */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.context.properties.EnableConfigurationProperties(HttpSettings.class)
@Import({PlatformConfiguration.class, SecurityConfiguration.class, ProblemHandler.class, UnreadBodyGuard.class,
        InputGuard.class, StrictJson.class})
public class WebPlatformConfiguration {

    /**
     * Tells every instance which rows it keeps in memory changed (accounts, login families, students' devices), so
     * the copies follow the database.
     */
    /** The HTTP server's own refusals as problem+json, a deadline for request headers, connections per address. */
    @Bean
    HttpServerGuards httpServerGuards(HttpSettings http, AttendanceProperties props) {
        java.util.List<String> uncapped = new java.util.ArrayList<>(props.capture().campusCidrs());
        uncapped.addAll(props.capture().trustedProxies());
        return new HttpServerGuards(http.headerTimeout(), http.maxConnectionsPerAddress(), uncapped);
    }

    /** Heartbeats, a lifetime and a per-account cap for every server-sent event stream. */
    @Bean
    EventStreams eventStreams(HttpSettings http) {
        return new EventStreams(http.streamHeartbeat(), http.streamLifetime(), http.maxStreamsPerUser());
    }

    @Bean(destroyMethod = "close")
    ChangeFeed changeFeed(ObjectProvider<DataSource> dataSource) {
        return new ChangeFeed(dataSource::getObject);
    }
}
