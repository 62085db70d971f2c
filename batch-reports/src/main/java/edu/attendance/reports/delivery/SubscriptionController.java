package edu.attendance.reports.delivery;

import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * {@code /api/v1/me/report-subscriptions}: the scheduled reports the caller receives by e-mail — for every
 * department, or ({@code ?departmentId=}) for one.
 */
@RestController
@Validated
class SubscriptionController {

    private final Subscriptions subscriptions;

    public SubscriptionController(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @GetMapping("/api/v1/me/report-subscriptions")
    public Mono<List<Subscriptions.Subscription>> mine() {
        return CurrentUser.withRole(Role.ADMIN, Role.MANAGEMENT).flatMap(u -> Blocking.call(() -> subscriptions.mine(u)));
    }

    @PutMapping("/api/v1/me/report-subscriptions/{job}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> subscribe(@PathVariable @Size(max = 16) String job,
                                @RequestParam(required = false) @Size(max = 64) String departmentId) {
        return CurrentUser.withRole(Role.ADMIN, Role.MANAGEMENT).flatMap(u -> Blocking.run(() -> subscriptions.subscribe(u, job, departmentId))).then();
    }

    @DeleteMapping("/api/v1/me/report-subscriptions/{job}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> unsubscribe(@PathVariable @Size(max = 16) String job,
                                  @RequestParam(required = false) @Size(max = 64) String departmentId) {
        return CurrentUser.withRole(Role.ADMIN, Role.MANAGEMENT).flatMap(u -> Blocking.run(() -> subscriptions.unsubscribe(u, job, departmentId))).then();
    }
}
