package edu.attendance.dashboard.push;

import edu.attendance.platform.security.CurrentUser;
import org.springframework.http.HttpStatus;
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

    @PostMapping("/api/v1/ws-tickets")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Ticket> ticket() {
        return CurrentUser.get().map(user -> new Ticket(tickets.issue(user), WebSocketTickets.LIFETIME_SECONDS));
    }
}
