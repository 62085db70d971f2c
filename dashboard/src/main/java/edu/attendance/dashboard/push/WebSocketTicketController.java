package edu.attendance.dashboard.push;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.web.NoBody;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Anyone signed in: a one-time ticket to open the WebSocket with ({@link WebSocketTickets}). */
@RestController
class WebSocketTicketController {

    record Ticket(String ticket, int expiresIn) {
    }

    private final WebSocketTickets tickets;

    WebSocketTicketController(WebSocketTickets tickets) {
        this.tickets = tickets;
    }

    /** Takes no body: one sent, even an empty one with a type, is refused (400). */
    @PostMapping("/api/v1/ws-tickets")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Ticket> ticket(ServerHttpRequest request) {
        NoBody.require(request);
        return CurrentUser.get().map(user -> new Ticket(tickets.issue(user), WebSocketTickets.LIFETIME_SECONDS));
    }
}
