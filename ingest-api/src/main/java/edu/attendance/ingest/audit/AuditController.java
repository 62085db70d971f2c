package edu.attendance.ingest.audit;

import edu.attendance.platform.Blocking;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.platform.web.Pages;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * ADMIN: the audit log (device decisions, manual marks, roster imports, blocks and unblocks, verified users),
 * newest first; {@code actor} is an e-mail, {@code target} matches any part of the target ({@code user:…},
 * {@code session:…:student}, a device id), {@code from}/{@code to} are days in the college's zone.
 */
@RestController
public class AuditController {

    public record Entry(Instant at, String actor, String action, String target, JsonNode before, JsonNode after) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final java.time.ZoneId zone;

    public AuditController(JdbcClient jdbc, edu.attendance.platform.AttendanceProperties props) {
        this.jdbc = jdbc;
        this.zone = props.collegeZone();
    }

    @GetMapping("/api/v1/admin/audit")
    public Mono<ResponseEntity<List<Entry>>> list(@RequestParam(required = false) @Size(max = 254) String actor,
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
        Timestamp start = from == null ? null : Timestamp.from(from.atStartOfDay(zone).toInstant());
        Timestamp end = to == null ? null : Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant());
        String who = actor == null || actor.isBlank() ? null : actor.strip().toLowerCase(Locale.ROOT);
        String what = target == null || target.isBlank() ? null
                : "%" + target.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return CurrentUser.get().flatMap(user -> {
            user.require(Role.ADMIN);
            return Blocking.call(() -> {
                record Row(long id, Entry entry) {
                }
                List<Row> rows = jdbc.sql("""
                        SELECT id, at, actor, action, target, before::text, after::text FROM audit_log
                        WHERE (CAST(:actor AS text) IS NULL OR actor = :actor)
                          AND (CAST(:target AS text) IS NULL OR target ILIKE :target)
                          AND (CAST(:start AS timestamptz) IS NULL OR at >= :start)
                          AND (CAST(:end AS timestamptz) IS NULL OR at < :end)
                          AND (CAST(:before AS bigint) IS NULL OR id < :before)
                        ORDER BY id DESC LIMIT :limit
                        """)
                        .param("actor", who).param("target", what).param("start", start).param("end", end)
                        .param("before", beforeId).param("limit", pageSize + 1)
                        .query((rs, i) -> new Row(rs.getLong(1), new Entry(rs.getTimestamp(2).toInstant(), rs.getString(3),
                                rs.getString(4), rs.getString(5), json(rs.getString(6)), json(rs.getString(7)))))
                        .list();
                ResponseEntity<List<Row>> page = Pages.of(rows, pageSize, r -> Long.toString(r.id()),
                        UriComponentsBuilder.fromPath("/api/v1/admin/audit")
                                .queryParamIfPresent("actor", Optional.ofNullable(who))
                                .queryParamIfPresent("target", Optional.ofNullable(target == null || target.isBlank() ? null : target.strip()))
                                .queryParamIfPresent("from", Optional.ofNullable(from))
                                .queryParamIfPresent("to", Optional.ofNullable(to)));
                return ResponseEntity.status(page.getStatusCode()).headers(page.getHeaders())
                        .body(page.getBody().stream().map(Row::entry).toList());
            });
        });
    }

    private static JsonNode json(String text) {
        return text == null ? null : JSON.readTree(text);
    }
}
