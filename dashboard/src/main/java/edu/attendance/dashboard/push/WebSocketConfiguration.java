package edu.attendance.dashboard.push;

import edu.attendance.platform.security.Accounts;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.platform.web.EventStreams;
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

import java.net.URI;
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
class WebSocketConfiguration {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    HandlerMapping webSocketMapping(WebSocketTickets tickets, PushHub hub, EventStreams streams, Accounts accounts) {
        return new SimpleUrlHandlerMapping(Map.of("/ws", (WebSocketHandler) session -> Mono.justOrEmpty(
                        tickets.handshake(ticketOf(session.getHandshakeInfo().getUri())))
                .flatMap(user -> greetAndKeepAlive(session, user, hub, streams, accounts))
                .switchIfEmpty(Mono.defer(session::close))
                .onErrorResume(e -> session.close())), Ordered.HIGHEST_PRECEDENCE);
    }

    private static String ticketOf(URI uri) {
        return UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("ticket");
    }

    /**
     * The greeting, the user's notices and a ping every heartbeat ({@code attendance.http.stream-heartbeat}, 15 s); each ping first checks the account as the database has it
     * now (gone, unverified or blocked: the socket closes). The socket counts against the account's cap of live channels
     * and ends after their lifetime (the app reconnects with a new ticket).
     */
    private static Mono<Void> greetAndKeepAlive(WebSocketSession session, CurrentUser user, PushHub hub, EventStreams streams,
                                                Accounts accounts) {
        String hello = JSON.writeValueAsString(Map.of("type", "hello", "email", user.email(), "role", user.role().name()));
        Flux<String> pings = Flux.interval(streams.heartbeat())
                .concatMap(i -> accounts.standing(user.email()))
                .takeWhile(standing -> standing.isPresent() && standing.get().verified() && !standing.get().blocked())
                .map(standing -> "{\"type\":\"ping\"}")
                .share();
        Flux<String> messages = Flux.concat(Flux.just(hello), Flux.merge(hub.connect(user.email()).takeUntilOther(pings.then()), pings));
        Flux<WebSocketMessage> out = streams.guardChannel(user.email(), messages).map(session::textMessage);
        return session.send(out).then(session.close()).and(session.receive().then());
    }

    /**
     * Authenticates the handshake by its one-time ticket (browsers cannot set headers on WebSockets, and a token in the
     * URL would be logged): the ticket is spent here, and the account must still be there, verified and of a role.
     */
    @Bean
    WebFilter webSocketAuthentication(WebSocketTickets tickets, Accounts accounts, EventStreams streams) {
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
            if (!streams.roomFor(user.get().email())) {
                return ProblemWriter.write(exchange, ErrorCode.RATE_LIMITED, "too many live channels for this account; close one", Map.of());
            }
            return accounts.standing(user.get().email()).flatMap(standing -> standing.isPresent() && standing.get().verified()
                    && standing.get().role() != null
                    ? chain.filter(exchange)
                    : ProblemWriter.write(exchange, ErrorCode.UNAUTHENTICATED, "the account no longer exists or is not verified", Map.of()));
        };
    }
}
