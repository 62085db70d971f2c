package edu.attendance.dashboard.history;

import edu.attendance.analytics.StudentSummaries;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** STUDENT: my own history and per-subject rates, from ClickHouse. */
@RestController
class MeController {

    /** {@code toReachThreshold}: sessions to attend in a row to reach the at-risk threshold (docs/rules.md "Student"). */
    /** {@code excused}: classes excused (by a teacher or an approved claim), which count for neither side of the rate. */
    public record SubjectRate(String subjectId, String subjectName, long held, long attended, long excused, Double rate,
                              Integer toReachThreshold) {
    }

    private final StudentSummaries summaries;
    private final AttendanceProperties props;
    private final Clock clock;

    public MeController(StudentSummaries summaries, AttendanceProperties props, Clock clock) {
        this.summaries = summaries;
        this.props = props;
        this.clock = clock;
    }

    /** {@code from}/{@code to} default to the last 30 days; at most 400 days at once. */
    @GetMapping("/api/v1/me/attendance")
    public Mono<List<StudentSummaries.Entry>> attendance(@RequestParam(required = false) LocalDate from,
                                                         @RequestParam(required = false) LocalDate to) {
        return CurrentUser.get().flatMap(user -> {
            user.require(Role.STUDENT);
            LocalDate end = to != null ? to : LocalDate.now(clock.withZone(props.collegeZone()));
            LocalDate start = from != null ? from : end.minusDays(30);
            if (start.isAfter(end) || ChronoUnit.DAYS.between(start, end) > 400) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "from must not be after to, and the range at most 400 days");
            }
            return Blocking.call(() -> summaries.history(user.email(), start, end));
        });
    }

    /** The student's eligibility forecast per subject: absences still affordable, the class that would lose it. */
    @GetMapping("/api/v1/me/forecast")
    public Mono<List<StudentSummaries.SubjectForecast>> forecast() {
        return CurrentUser.withRole(Role.STUDENT).flatMap(user -> Blocking.call(() -> summaries.forecast(user.email())));
    }

    @GetMapping("/api/v1/me/summary")
    public Mono<List<SubjectRate>> summary() {
        return CurrentUser.get().flatMap(user -> {
            user.require(Role.STUDENT);
            return Blocking.call(() -> {
                List<StudentSummaries.SubjectSummary> rows = summaries.perSubject(user.email());
                Map<String, String> names = summaries.subjectNames(rows.stream().map(StudentSummaries.SubjectSummary::subjectId).toList());
                double threshold = props.reports().atRiskThreshold();
                return rows.stream().map(r -> new SubjectRate(r.subjectId(), names.get(r.subjectId()), r.held(), r.attended(), r.excused(), r.rate(),
                        r.sessionsToReach(threshold))).toList();
            });
        });
    }
}
