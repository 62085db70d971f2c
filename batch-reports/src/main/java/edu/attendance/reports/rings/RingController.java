package edu.attendance.reports.rings;

import edu.attendance.analytics.ReportScopes;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.platform.web.NoBody;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rings and spot checks (docs/rules.md, "Rings"). The department (MANAGEMENT, ADMIN) reads every class's rings, a
 * teacher those of the classes they teach; any of them asks for a spot check; the class's teacher answers it in the
 * session where they asked the students to raise a hand. ADMIN runs the pass now.
 */
@RestController
class RingController {

    /** One student of a ring, with their name and roll number from the roster. */
    public record RingMember(String email, String name, String rollNo) {
    }

    public record SpotCheck(UUID checkId, UUID ringId, String classId, String requestedBy, Instant requestedAt, String sessionId,
                            String answeredBy, Instant answeredAt, Map<String, Rings.Answer> answers, List<RingMember> members) {
    }

    /**
     * {@code sharedClasses}: classes the strongest pair was both marked in; {@code together}: of those, the ones whose
     * marks arrived within seconds of each other; {@code sameAddress}: of those, from one network address;
     * {@code flaggedTogether}: both flagged; {@code score}: how unlikely by chance (−log10 of the chance).
     */
    public record RingView(UUID ringId, String classId, List<RingMember> members, int score, int sharedClasses, int together,
                           int sameAddress, int flaggedTogether, Rings.Status status, Instant firstFoundAt, Instant lastFoundAt,
                           SpotCheck lastCheck) {
    }

    /** {@code answers}: for each of the ring's students, IN_ROOM, NOT_IN_ROOM or NOT_MARKED (not marked in this session). */
    public record SpotCheckAnswer(@NotNull @Pattern(regexp = "[A-Za-z0-9-]{1,64}") String sessionId,
                             @NotEmpty @Size(max = RingRules.MAX_GROUP) Map<@NotNull String, Rings.@NotNull Answer> answers) {
    }

    private final Rings rings;
    private final ReportScopes scopes;

    RingController(Rings rings, ReportScopes scopes) {
        this.rings = rings;
        this.scopes = scopes;
    }

    @GetMapping("/api/v1/rings")
    public Mono<List<RingView>> list(@RequestParam(required = false) String classId) {
        return CurrentUser.withRole(Role.TEACHER, Role.MANAGEMENT, Role.ADMIN).flatMap(user -> Blocking.call(() -> {
            List<String> classes = classId != null ? scopes.classOf(user, classId).classIds() : scopes.college(user).classIds();
            List<Rings.Stored> found = rings.ofClasses(classes);
            Map<UUID, Rings.Check> checks = rings.latestChecks(found.stream().map(Rings.Stored::ringId).toList());
            Map<String, String[]> names = rings.names(found.stream().flatMap(r -> r.members().stream()).toList());
            return found.stream().map(r -> new RingView(r.ringId(), r.classId(), members(r.members(), names), r.score(),
                    r.sharedClasses(), r.together(), r.sameAddress(), r.flaggedTogether(), r.status(), r.firstFoundAt(),
                    r.lastFoundAt(), checks.containsKey(r.ringId()) ? view(checks.get(r.ringId()), r.members(), names) : null)).toList();
        }));
    }

    @PostMapping("/api/v1/rings/run")
    public Mono<Rings.RingPass> run(ServerHttpRequest request) {
        return CurrentUser.withRole(Role.ADMIN).flatMap(admin -> {
            NoBody.require(request);
            return Blocking.call(rings::run);
        });
    }

    @PostMapping("/api/v1/rings/{ringId}/spot-checks")
    public Mono<SpotCheck> requestCheck(@PathVariable UUID ringId, ServerHttpRequest request) {
        return CurrentUser.withRole(Role.TEACHER, Role.MANAGEMENT, Role.ADMIN).flatMap(user -> {
            NoBody.require(request);
            return Blocking.call(() -> {
                Rings.Stored ring = readable(user, ringId);
                return view(rings.requestCheck(ringId, user.email()), ring.members(), rings.names(ring.members()));
            });
        });
    }

    /** The class's spot checks waiting for its teacher (shown on the teacher's session screen). */
    @GetMapping("/api/v1/spot-checks")
    public Mono<List<SpotCheck>> open(@RequestParam String classId) {
        return CurrentUser.withRole(Role.TEACHER, Role.MANAGEMENT, Role.ADMIN).flatMap(user -> Blocking.call(() -> {
            scopes.classOf(user, classId);
            return rings.openChecks(classId).stream().map(c -> {
                List<String> members = rings.find(c.ringId()).map(Rings.Stored::members).orElse(List.of());
                return view(c, members, rings.names(members));
            }).toList();
        }));
    }

    @PostMapping("/api/v1/spot-checks/{checkId}/answer")
    public Mono<SpotCheck> answer(@PathVariable UUID checkId, @Valid @RequestBody SpotCheckAnswer body) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> {
            Rings.Check c = rings.findCheck(checkId).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no spot check " + checkId));
            scopes.classOf(user, c.classId()); // a teacher of the class (any of its subjects), or an admin
            Rings.Check answered = rings.answer(checkId, body.sessionId(), body.answers(), user.email());
            List<String> members = rings.find(c.ringId()).map(Rings.Stored::members).orElse(List.of());
            return view(answered, members, rings.names(members));
        }));
    }

    private Rings.Stored readable(CurrentUser user, UUID ringId) {
        Rings.Stored ring = rings.find(ringId).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no ring " + ringId));
        scopes.classOf(user, ring.classId());
        return ring;
    }

    private static List<RingMember> members(List<String> emails, Map<String, String[]> names) {
        return emails.stream().map(e -> {
            String[] n = names.get(e);
            return new RingMember(e, n == null ? null : n[0], n == null ? null : n[1]);
        }).toList();
    }

    private static SpotCheck view(Rings.Check c, List<String> members, Map<String, String[]> names) {
        return new SpotCheck(c.checkId(), c.ringId(), c.classId(), c.requestedBy(), c.requestedAt(), c.sessionId(), c.answeredBy(),
                c.answeredAt(), c.answers(), members(members, names));
    }
}
