package edu.attendance.dashboard.history;

import edu.attendance.analytics.AttendanceAnalytics;
import edu.attendance.analytics.HistoryQueries;
import edu.attendance.analytics.ReportScopes;
import edu.attendance.analytics.StudentSummaries;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Read-side reports over ClickHouse (TEACHER: own classes; ADMIN, MANAGEMENT: all). */
@RestController
@Validated
class ReportController {

    private final StudentSummaries summaries;
    private final AttendanceAnalytics reports;
    private final ReportScopes scopes;
    private final AttendanceProperties props;

    public ReportController(StudentSummaries summaries, AttendanceAnalytics reports, ReportScopes scopes, AttendanceProperties props) {
        this.summaries = summaries;
        this.reports = reports;
        this.scopes = scopes;
        this.props = props;
    }

    /** Every route here is for the staff (TEACHER: own classes and subjects, as {@link ReportScopes} resolves; ADMIN, MANAGEMENT: all). */
    private static <T> Mono<T> blocking(Function<CurrentUser, T> work) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN, Role.MANAGEMENT).flatMap(user -> Blocking.call(() -> work.apply(user)));
    }

    @GetMapping("/api/v1/reports/class-summary")
    public Mono<List<AttendanceAnalytics.ClassSummaryRow>> classSummary(
            @RequestParam @NotBlank @Size(max = 64) String classId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return blocking(user -> reports.classSummary(user, classId, from, to));
    }

    @GetMapping("/api/v1/reports/at-risk")
    public Mono<List<AttendanceAnalytics.AtRiskRow>> atRisk(
            @RequestParam @NotBlank @Size(max = 64) String departmentId,
            @RequestParam(required = false) Double threshold) {
        return blocking(user -> reports.atRisk(user, departmentId, threshold));
    }

    @GetMapping("/api/v1/reports/trends")
    public Mono<List<HistoryQueries.Point>> trends(
            @RequestParam @NotBlank @Size(max = 16) String scope,
            @RequestParam @NotBlank @Size(max = 64) String id,
            @RequestParam(required = false) @Size(max = 8) String granularity,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return blocking(user -> reports.trends(user, scope, id, granularity, from, to));
    }

    /** The rate of each part of a scope in one answer: the college's departments, a department's classes, a class's subjects. */
    @GetMapping("/api/v1/reports/rates")
    public Mono<List<AttendanceAnalytics.PartRate>> rates(
            @RequestParam @NotBlank @Size(max = 16) String scope,
            @RequestParam(required = false) @Size(max = 64) String id,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return blocking(user -> reports.rates(user, scope, id, from, to));
    }

    @GetMapping("/api/v1/reports/student-summary")
    public Mono<List<StudentSummaries.SubjectSummary>> studentSummary(
            @RequestParam @NotBlank @Size(max = 254) String studentEmail) {
        return blocking(user -> summaries.forStudent(user, studentEmail));
    }

    /** The departments, classes and subjects the caller may read (a teacher: own subjects), for the dashboard's drill-down. */
    @GetMapping("/api/v1/reports/scopes")
    public Mono<List<ReportScopes.DepartmentNode>> scopes() {
        return blocking(scopes::tree);
    }

    /** One student's decisions, day by day (default: the current term to today, its last 400 days at most; at most 400 days). */
    @GetMapping("/api/v1/reports/student-history")
    public Mono<List<StudentSummaries.Entry>> studentHistory(
            @RequestParam @NotBlank @Size(max = 254) String studentEmail,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return termSoFar(from, to).flatMap(days -> blocking(user -> summaries.historyFor(user, studentEmail, days.from(), days.to())));
    }

    private record Days(LocalDate from, LocalDate to) {
    }

    /** The days asked for: by default the current term to today (its last 400 days at most); at most 400 days. */
    private Mono<Days> termSoFar(LocalDate from, LocalDate to) {
        LocalDate end = to != null ? to : LocalDate.now(props.collegeZone());
        LocalDate start = from != null ? from : latest(props.reports().termStart(end), end.minusDays(400));
        if (start.isAfter(end) || ChronoUnit.DAYS.between(start, end) > 400) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "from must not be after to, and the range at most 400 days"));
        }
        return Mono.just(new Days(start, end));
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    /** The college's first screen: every department's line and last two weeks, who is under the threshold, what fell most. */
    @GetMapping("/api/v1/reports/overview")
    public Mono<AttendanceAnalytics.Overview> overview(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return termSoFar(from, to).flatMap(days -> blocking(user -> reports.overview(user, days.from(), days.to())));
    }

    /** One student's eligibility forecast per subject, for the same readers as {@code student-summary}. */
    @GetMapping("/api/v1/reports/student-forecast")
    public Mono<List<StudentSummaries.SubjectForecast>> studentForecast(@RequestParam @NotBlank @Size(max = 254) String studentEmail) {
        return blocking(user -> summaries.forecastFor(user, studentEmail));
    }

    /** What was recorded of one student in one session: the decision and every scan or code that reached the server. */
    @GetMapping("/api/v1/reports/evidence")
    public Mono<StudentSummaries.Evidence> evidence(@RequestParam UUID sessionId,
                                                    @RequestParam @NotBlank @Size(max = 254) String studentEmail) {
        return blocking(user -> summaries.evidence(user, studentEmail, sessionId.toString()));
    }

    /** The sessions with the most absences (docs/rules.md "Class / subject / department"), with their alert counts. */
    @GetMapping("/api/v1/reports/sessions")
    public Mono<List<HistoryQueries.SessionRow>> sessions(
            @RequestParam @NotBlank @Size(max = 16) String scope,
            @RequestParam @NotBlank @Size(max = 64) String id,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) Integer limit) {
        return blocking(user -> reports.sessions(user, scope, id, from, to, limit));
    }
}
