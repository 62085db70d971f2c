package edu.attendance.analytics;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Class summaries, at-risk lists and trends over the current term (docs/rules.md "Analytics and reports"). */
@Component
public class AttendanceAnalytics {

    public record ClassSummaryRow(String studentEmail, String name, String subjectId, long held, long present, long late,
                                  long absent, long excused, Double rate) {
    }

    /** {@code recentRate}: the rate over the recent window (what a RECENT_DROP compares with the term's). */
    public record AtRiskRow(String studentEmail, String name, String classId, String subjectId, Double rate,
                            int consecutiveAbsences, List<String> reasons, Double recentRate) {
    }

    private final ReportScopes scopes;
    private final HistoryQueries history;
    private final AttendanceProperties.Analytics policy;
    private final ZoneId zone;
    private final Clock clock;

    public AttendanceAnalytics(ReportScopes scopes, HistoryQueries history, AttendanceProperties props, Clock clock) {
        this.scopes = scopes;
        this.history = history;
        this.policy = props.reports();
        this.zone = props.collegeZone();
        this.clock = clock;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** A span of days, both ends included. */
    public record Period(LocalDate from, LocalDate to) {
    }

    /** The requested period, by default the current term up to today; {@code from} after {@code to} is a 400. */
    public Period period(LocalDate from, LocalDate to) {
        LocalDate end = to == null ? today() : to;
        LocalDate start = from == null ? policy.termStart(end) : from;
        if (start.isAfter(end)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "from " + start + " is after to " + end);
        }
        if (start.plusYears(5).isBefore(end)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "at most five years at a time");
        }
        return new Period(start, end);
    }

    public List<ClassSummaryRow> classSummary(CurrentUser user, String classId, LocalDate from, LocalDate to) {
        ReportScopes.Scope scope = scopes.classOf(user, classId);
        Period p = period(from, to);
        Map<String, String> names = scopes.studentNames(scope.classIds());
        List<ClassSummaryRow> rows = new ArrayList<>();
        history.counts(scope, p.from(), p.to()).forEach((k, c) -> rows.add(new ClassSummaryRow(k.studentEmail(),
                names.get(k.studentEmail()), k.subjectId(), c.held(), c.present(), c.late(), c.absent(), c.excused(), c.rate())));
        return rows;
    }

    /** {@code threshold} as a fraction: given as one (0.75) or as a percentage (75); absent: the configured one. */
    public double threshold(Double threshold) {
        double t = threshold == null ? policy.atRiskThreshold() : threshold > 1 ? threshold / 100 : threshold;
        if (t <= 0 || t > 1 || Double.isNaN(t)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "threshold must be in (0, 1] or (0, 100]");
        }
        return t;
    }

    /** How many days "recent" covers (the recent-drop rule). */
    public int recentDays() {
        return (int) Math.max(1, policy.recentWindow().toDays());
    }

    /** {@code threshold}: a fraction (0.75) or a percentage (75); absent: the configured one. */
    public List<AtRiskRow> atRisk(CurrentUser user, String departmentId, Double threshold) {
        double t = threshold(threshold);
        ReportScopes.Scope scope = scopes.department(user, departmentId);
        LocalDate today = today();
        LocalDate termStart = policy.termStart(today);
        LocalDate recentStart = today.minusDays(Math.max(1, policy.recentWindow().toDays()) - 1);
        Map<HistoryQueries.Key, Counts> term = history.counts(scope, termStart, today);
        Map<HistoryQueries.Key, Counts> recent = history.counts(scope, recentStart.isBefore(termStart) ? termStart : recentStart, today);
        Map<HistoryQueries.Key, List<String>> statuses = history.statuses(scope, termStart, today);
        Map<String, String> names = scopes.studentNames(scope.classIds());
        AtRiskRules.Policy rules = new AtRiskRules.Policy(t, policy.consecutiveAbsences(), policy.recentDrop());
        List<AtRiskRow> rows = new ArrayList<>();
        term.forEach((k, c) -> {
            int trailing = AtRiskRules.trailingAbsences(statuses.getOrDefault(k, List.of()));
            List<String> reasons = AtRiskRules.reasons(c, recent.getOrDefault(k, Counts.NONE), trailing, rules);
            if (!reasons.isEmpty()) {
                rows.add(new AtRiskRow(k.studentEmail(), names.get(k.studentEmail()), k.classId(), k.subjectId(), c.rate(),
                        trailing, reasons, recent.getOrDefault(k, Counts.NONE).rate()));
            }
        });
        rows.sort(Comparator.comparing((AtRiskRow r) -> r.rate() == null ? 1.0 : r.rate())
                .thenComparing(AtRiskRow::studentEmail).thenComparing(AtRiskRow::subjectId));
        return rows;
    }

    public List<HistoryQueries.Point> trends(CurrentUser user, String scopeKind, String id, String granularity,
                                        LocalDate from, LocalDate to) {
        boolean weekly = switch (granularity == null ? "week" : granularity) {
            case "week" -> true;
            case "day" -> false;
            default -> throw new ApiException(ErrorCode.VALIDATION_FAILED, "granularity must be day or week");
        };
        ReportScopes.Scope scope = scope(user, scopeKind, id);
        Period p = period(from, to);
        return history.trend(scope, p.from(), p.to(), weekly);
    }

    /** The sessions of a department, class or subject with the most absences, and their alert counts. */
    public List<HistoryQueries.SessionRow> sessions(CurrentUser user, String scopeKind, String id, LocalDate from, LocalDate to,
                                               Integer limit) {
        int n = limit == null ? 20 : limit;
        if (n < 1 || n > 500) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "limit must be 1 to 500");
        }
        ReportScopes.Scope scope = scope(user, scopeKind, id);
        Period p = period(from, to);
        return history.sessions(scope, p.from(), p.to(), n);
    }

    private ReportScopes.Scope scope(CurrentUser user, String scopeKind, String id) {
        return switch (scopeKind) {
            case "department" -> scopes.department(user, id);
            case "class" -> scopes.classOf(user, id);
            case "subject" -> scopes.subject(user, id);
            default -> throw new ApiException(ErrorCode.VALIDATION_FAILED, "scope must be department, class or subject");
        };
    }
}
