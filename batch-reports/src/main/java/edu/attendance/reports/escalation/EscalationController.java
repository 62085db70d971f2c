package edu.attendance.reports.escalation;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.NoBody;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The escalation pass on demand (ADMIN): what the daily pass does, now (after a rule change, or to check the mail). */
@RestController
class EscalationController {

    private final Escalations escalations;

    EscalationController(Escalations escalations) {
        this.escalations = escalations;
    }

    @PostMapping("/api/v1/reports/runs/escalations")
    public Mono<Escalations.EscalationPass> run(ServerHttpRequest request) {
        return CurrentUser.withRole(Role.ADMIN).flatMap(admin -> {
            NoBody.require(request);
            return Blocking.call(escalations::run);
        });
    }
}
