package edu.attendance.dashboard.push;

import edu.attendance.platform.security.AccessTokens;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.platform.web.ProblemWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.server.WebFilter;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /ws?token=<accessToken>}: the real-time channel of open apps. The handshake is refused
 * (401 problem+json) unless the token is a valid platform access token; the socket then greets the user
 * and keeps alive; then it carries the user's notices ({@link SessionNotifications}).
 */
@Configuration(proxyBeanMethods = false)
public class WebSocketConfiguration {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    HandlerMapping webSocketMapping(AccessTokens accessTokens, PushHub hub) {
        return new SimpleUrlHandlerMapping(Map.of("/ws", (WebSocketHandler) session -> accessTokens
                .verify(tokenOf(session.getHandshakeInfo().getUri()))
                .flatMap(user -> greetAndKeepAlive(session, user, hub))
                .onErrorResume(e -> session.close())), Ordered.HIGHEST_PRECEDENCE);
    }

    private static String tokenOf(java.net.URI uri) {
        return UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("token");
    }

    private static Mono<Void> greetAndKeepAlive(WebSocketSession session, CurrentUser user, PushHub hub) {
        String hello = JSON.writeValueAsString(Map.of("type", "hello", "email", user.email(), "role", user.role().name()));
        Flux<WebSocketMessage> out = Flux.concat(Flux.just(session.textMessage(hello)),
                Flux.merge(hub.connect(user.email()),
                        Flux.interval(Duration.ofSeconds(25)).map(i -> "{\"type\":\"ping\"}")).map(session::textMessage));
        return session.send(out).and(session.receive().then());
    }

    /** Authenticates the handshake from the {@code token} query parameter (browsers cannot set headers on WebSockets). */
    @Bean
    WebFilter webSocketAuthentication(AccessTokens accessTokens) {
        return (exchange, chain) -> {
            if (!exchange.getRequest().getPath().value().equals("/ws")) {
                return chain.filter(exchange);
            }
            String token = exchange.getRequest().getQueryParams().getFirst("token");
            if (token == null || token.isBlank()) {
                return ProblemWriter.write(exchange, ErrorCode.UNAUTHENTICATED, "token query parameter required", Map.of());
            }
            return accessTokens.verify(token)
                    .map(Optional::of)
                    .onErrorReturn(Optional.empty())
                    .flatMap(user -> {
                        if (user.isEmpty()) {
                            return ProblemWriter.write(exchange, ErrorCode.UNAUTHENTICATED, "invalid token", Map.of());
                        }
                        return chain.filter(exchange);
                    });
        };
    }
}
