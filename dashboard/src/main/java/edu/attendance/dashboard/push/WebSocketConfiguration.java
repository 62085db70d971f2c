package edu.attendance.dashboard.push;

import edu.attendance.platform.security.Accounts;
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
 * {@code GET /ws?ticket=<one-time ticket>}: the real-time channel of open apps. The handshake is refused (401
 * problem+json) unless the ticket was issued to a signed-in account within the last seconds and not spent
 * ({@link WebSocketTickets}), and the account still stands as the database says now; the socket then greets the user
 * and keeps alive; then it carries the user's notices ({@link SessionNotifications}).
 */
@Configuration(proxyBeanMethods = false)
public class WebSocketConfiguration {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    HandlerMapping webSocketMapping(WebSocketTickets tickets, PushHub hub) {
        return new SimpleUrlHandlerMapping(Map.of("/ws", (WebSocketHandler) session -> Mono.justOrEmpty(
                        tickets.handshake(ticketOf(session.getHandshakeInfo().getUri())))
                .flatMap(user -> greetAndKeepAlive(session, user, hub))
                .switchIfEmpty(Mono.defer(session::close))
                .onErrorResume(e -> session.close())), Ordered.HIGHEST_PRECEDENCE);
    }

    private static String ticketOf(java.net.URI uri) {
        return UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("ticket");
    }

    private static Mono<Void> greetAndKeepAlive(WebSocketSession session, CurrentUser user, PushHub hub) {
        String hello = JSON.writeValueAsString(Map.of("type", "hello", "email", user.email(), "role", user.role().name()));
        Flux<WebSocketMessage> out = Flux.concat(Flux.just(session.textMessage(hello)),
                Flux.merge(hub.connect(user.email()),
                        Flux.interval(Duration.ofSeconds(25)).map(i -> "{\"type\":\"ping\"}")).map(session::textMessage));
        return session.send(out).and(session.receive().then());
    }

    /**
     * Authenticates the handshake by its one-time ticket (browsers cannot set headers on WebSockets, and a token in the
     * URL would be logged): the ticket is spent here, and the account must still be there, verified and of a role.
     */
    @Bean
    WebFilter webSocketAuthentication(WebSocketTickets tickets, Accounts accounts) {
        return (exchange, chain) -> {
            if (!exchange.getRequest().getPath().value().equals("/ws")) {
                return chain.filter(exchange);
            }
            String ticket = exchange.getRequest().getQueryParams().getFirst("ticket");
            if (ticket == null || ticket.isBlank()) {
                return ProblemWriter.write(exchange, ErrorCode.UNAUTHENTICATED, "ticket query parameter required (POST /api/v1/ws-tickets)", Map.of());
            }
            Optional<CurrentUser> user = tickets.redeem(ticket);
            if (user.isEmpty()) {
                return ProblemWriter.write(exchange, ErrorCode.UNAUTHENTICATED, "unknown, expired or spent ticket", Map.of());
            }
            return accounts.standing(user.get().email()).flatMap(standing -> standing.isPresent() && standing.get().verified()
                    && standing.get().role() != null
                    ? chain.filter(exchange)
                    : ProblemWriter.write(exchange, ErrorCode.UNAUTHENTICATED, "the account no longer exists or is not verified", Map.of()));
        };
    }
}
