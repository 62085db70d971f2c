package edu.attendance.dashboard.push;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import edu.attendance.platform.security.CurrentUser;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * One-time tickets for the WebSocket handshake: a browser cannot set a header on a WebSocket, and an access token in
 * the URL lands in proxies' and servers' logs. A signed-in app asks for a ticket ({@code POST /api/v1/ws-tickets}), opens
 * {@code /ws?ticket=…} within {@value #LIFETIME_SECONDS} s, and the ticket is spent by that handshake — a logged URL
 * opens nothing. Kept in this instance's memory: the ticket's request and its handshake go to the same service.
 */
@Component
class WebSocketTickets {

    static final int LIFETIME_SECONDS = 30;

    private final SecureRandom random = new SecureRandom();
    private final Cache<String, CurrentUser> issued = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(LIFETIME_SECONDS)).maximumSize(200_000).build();
    /** Redeemed by the handshake's filter, taken by the socket's handler a moment later. */
    private final Cache<String, CurrentUser> handshaking = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(LIFETIME_SECONDS)).maximumSize(200_000).build();

    String issue(CurrentUser user) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        issued.put(ticket, user);
        return ticket;
    }

    /** The ticket's user, once: the ticket is spent. */
    Optional<CurrentUser> redeem(String ticket) {
        if (ticket == null || ticket.isBlank() || ticket.length() > 64) {
            return Optional.empty();
        }
        CurrentUser user = issued.asMap().remove(ticket);
        if (user != null) {
            handshaking.put(ticket, user);
        }
        return Optional.ofNullable(user);
    }

    /** The user whose handshake redeemed {@code ticket}, once. */
    Optional<CurrentUser> handshake(String ticket) {
        return ticket == null ? Optional.empty() : Optional.ofNullable(handshaking.asMap().remove(ticket));
    }
}
