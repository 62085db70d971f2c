package edu.attendance.platform;

import edu.attendance.platform.web.EventStreams;
import edu.attendance.platform.web.HttpServerGuards;
import edu.attendance.platform.web.HttpSettings;
import edu.attendance.platform.web.InputGuard;
import edu.attendance.platform.web.OpenApiTruth;
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

    /**
     * The OpenAPI document names its server as relative ({@code /}): springdoc otherwise copied the request's Host header
     * into {@code servers[0].url}, so anyone could make the document point clients at another host.
     */
    @Bean
    io.swagger.v3.oas.models.OpenAPI platformOpenApi() {
        return new io.swagger.v3.oas.models.OpenAPI()
                .info(new io.swagger.v3.oas.models.info.Info().title("Attendance platform API").version("v1"))
                .servers(java.util.List.of(new io.swagger.v3.oas.models.servers.Server().url("/").description("this server")));
    }

    /** Problem answers on every operation and nullable optional members: the document says what the API answers. */
    @Bean
    OpenApiTruth openApiTruth() {
        return new OpenApiTruth();
    }

    /**
     * What the metrics must not tell an outsider who reaches them: the JDK's and the Kafka clients' versions (and
     * commit ids), the main class, and the data directory's path on the disk metrics.
     */
    @Bean
    io.micrometer.core.instrument.config.MeterFilter discreetMetrics() {
        return new io.micrometer.core.instrument.config.MeterFilter() {
            @Override
            public io.micrometer.core.instrument.config.MeterFilterReply accept(io.micrometer.core.instrument.Meter.Id id) {
                String name = id.getName();
                return name.equals("jvm.info") || name.contains("app.info") || name.startsWith("application.")
                        ? io.micrometer.core.instrument.config.MeterFilterReply.DENY
                        : io.micrometer.core.instrument.config.MeterFilterReply.NEUTRAL;
            }

            @Override
            public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
                if (id.getTag("kafka.version") == null && !(id.getTag("path") != null && id.getName().startsWith("disk."))) {
                    return id;
                }
                return id.replaceTags(id.getTags().stream()
                        .filter(t -> !t.getKey().equals("kafka.version"))
                        .map(t -> t.getKey().equals("path") ? io.micrometer.core.instrument.Tag.of("path", "data") : t)
                        .toList());
            }
        };
    }

    @Bean(destroyMethod = "close")
    ChangeFeed changeFeed(ObjectProvider<DataSource> dataSource) {
        return new ChangeFeed(dataSource::getObject);
    }
}
