package edu.attendance.ingest.audit;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.platform.web.Pages;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * ADMIN: the audit log (device decisions, manual marks, roster imports, blocks and unblocks, verified users),
 * newest first; {@code actor} is an e-mail, {@code target} matches any part of the target ({@code user:…},
 * {@code session:…:student}, a device id), {@code from}/{@code to} are days in the college's zone.
 */
@RestController
class AuditController {

    private final AuditLog log;
    private final ZoneId zone;

    public AuditController(AuditLog log, AttendanceProperties props) {
        this.log = log;
        this.zone = props.collegeZone();
    }

    @GetMapping("/api/v1/admin/audit")
    public Mono<ResponseEntity<List<AuditLog.Entry>>> list(@RequestParam(required = false) @Size(max = 254) String actor,
                                                           @RequestParam(required = false) @Size(max = 300) String target,
                                                           @RequestParam(required = false) LocalDate from,
                                                           @RequestParam(required = false) LocalDate to,
                                                           @RequestParam(required = false) Integer limit,
                                                           @RequestParam(required = false) @Size(max = 100) String before) {
        int pageSize = Pages.limit(limit);
        Long beforeId = Pages.decode(before, Long::valueOf);
        if (from != null && to != null && from.isAfter(to)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "from must not be after to");
        }
        String who = actor == null || actor.isBlank() ? null : actor.strip().toLowerCase(Locale.ROOT);
        String what = target == null || target.isBlank() ? null : target.strip();
        AuditLog.Query query = new AuditLog.Query(who, what, from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant(), beforeId, pageSize + 1);
        return CurrentUser.withRole(Role.ADMIN).flatMap(user -> Blocking.call(() -> {
            ResponseEntity<List<AuditLog.Row>> page = Pages.of(log.find(query), pageSize, r -> Long.toString(r.id()),
                    UriComponentsBuilder.fromPath("/api/v1/admin/audit")
                            .queryParamIfPresent("actor", Optional.ofNullable(who))
                            .queryParamIfPresent("target", Optional.ofNullable(what))
                            .queryParamIfPresent("from", Optional.ofNullable(from))
                            .queryParamIfPresent("to", Optional.ofNullable(to)));
            return ResponseEntity.status(page.getStatusCode()).headers(page.getHeaders())
                    .body(page.getBody().stream().map(AuditLog.Row::entry).toList());
        }));
    }
}
