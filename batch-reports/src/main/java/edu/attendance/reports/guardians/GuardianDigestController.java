package edu.attendance.reports.guardians;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.NoBody;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The guardians' weekly digest on demand (ADMIN): what the weekly run does, now. */
@RestController
class GuardianDigestController {

    private final GuardianDigests digests;

    GuardianDigestController(GuardianDigests digests) {
        this.digests = digests;
    }

    @PostMapping("/api/v1/reports/runs/guardian-digests")
    public Mono<GuardianDigests.DigestRun> run(ServerHttpRequest request) {
        return CurrentUser.withRole(Role.ADMIN).flatMap(admin -> {
            NoBody.require(request);
            return Blocking.call(digests::run);
        });
    }
}
