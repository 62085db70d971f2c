package edu.attendance.platform.web;

import edu.attendance.platform.AttendanceProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.resources.LoopResources;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The HTTP server and its guards: the server's own refusals as problem+json, header deadlines and connection caps, the
 * request body and JSON guards, event streams with heartbeats and caps, and an OpenAPI document that tells the truth.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpSettings.class)
@Import({ProblemHandler.class, UnreadBodyGuard.class, InputGuard.class, StrictJson.class})
public class WebConfiguration {

    /**
     * The HTTP server's own refusals as problem+json, a deadline for request headers, connections per address, and the
     * load shedding of a service's {@link ShedPolicy} (if it has one).
     */
    @Bean
    HttpServerGuards httpServerGuards(HttpSettings http, AttendanceProperties props, ObjectProvider<ShedPolicy> shedPolicy,
                                      ObjectProvider<MeterRegistry> metrics) {
        java.util.List<String> uncapped = new java.util.ArrayList<>(props.capture().campusCidrs());
        uncapped.addAll(props.capture().trustedProxies());
        ShedPolicy policy = shedPolicy.getIfUnique();
        return new HttpServerGuards(http.headerTimeout(), http.maxConnectionsPerAddress(), uncapped,
                policy == null ? null : new LoadShedding(policy, metrics.getIfAvailable(SimpleMeterRegistry::new)));
    }

    /**
     * The server's event loops, with one more loop that only accepts connections: by default Reactor Netty accepts on
     * the loops that serve requests, so under load new connections waited in the kernel's accept queue (full at 4 096
     * in the open-loop bench) before any of their bytes could be read — and shed.
     */
    @Bean(destroyMethod = "dispose")
    LoopResources httpLoops() {
        return LoopResources.create("http", 1, LoopResources.DEFAULT_IO_WORKER_COUNT, true);
    }

    @Bean
    NettyServerCustomizer acceptOnItsOwnLoop(LoopResources httpLoops) {
        return server -> server.runOn(httpLoops);
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
}
