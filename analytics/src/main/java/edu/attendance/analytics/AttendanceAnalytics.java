package edu.attendance.analytics;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

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

    /** One department on the college's first screen: its term line, its last two weeks, its students under the threshold. */
    public record DepartmentLine(String departmentId, String name, Double rate, long held, Double thisWeek, Double lastWeek,
                                 long studentsBelow, List<HistoryQueries.Point> points) {
    }

    /** A class or subject whose rate fell most: before the recent window and within it. */
    public record Mover(String id, String name, String departmentId, Double before, Double recent, long recentHeld) {
    }

    /**
     * The college's first screen ("how are we doing and where should I look"): the college's line and each
     * department's, per week, with their last two weeks and how many students are under the threshold; the classes and
     * subjects that fell most over the recent window.
     */
    public record Overview(List<HistoryQueries.Point> college, List<DepartmentLine> departments, List<Mover> classesFell,
                           List<Mover> subjectsFell, LocalDate recentFrom) {
    }

    private final ReportScopes scopes;
    private final HistoryQueries history;
    private final AttendanceProperties.Analytics policy;
    private final ZoneId zone;
    private final Clock clock;
    private final Schedules schedules;

    public AttendanceAnalytics(ReportScopes scopes, HistoryQueries history, AttendanceProperties props, Clock clock, Schedules schedules) {
        this.schedules = schedules;
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
        LocalDate tailStart = recentStart.isBefore(termStart) ? termStart : recentStart;
        Map<HistoryQueries.Key, Counts> term = history.counts(scope, termStart, today);
        Map<HistoryQueries.Key, Counts> recent = history.counts(scope, tailStart, today);
        // absences in a row: the recent statuses hold the end of nearly every run; for the few students whose run may
        // reach further back (no session they came to lately) the window grows fourfold at a time, theirs alone
        Map<HistoryQueries.Key, List<String>> statuses = new HashMap<>(history.statuses(scope, tailStart, today, null));
        LocalDate from = tailStart;
        List<HistoryQueries.Key> open = openRuns(term.keySet(), statuses);
        while (!open.isEmpty() && from.isAfter(termStart)) {
            LocalDate wider = today.minusDays(4 * (ChronoUnit.DAYS.between(from, today) + 1) - 1);
            from = wider.isBefore(termStart) ? termStart : wider;
            ReportScopes.Scope theirs = new ReportScopes.Scope(open.stream().map(HistoryQueries.Key::classId).distinct().sorted().toList(),
                    scope.subjectIds());
            statuses.putAll(history.statuses(theirs, from, today,
                    open.stream().map(HistoryQueries.Key::studentEmail).collect(Collectors.toCollection(TreeSet::new))));
            open = openRuns(open, statuses);
        }
        Map<String, String> names = scopes.studentNames(scope.classIds());
        AtRiskRules.Policy rules = new AtRiskRules.Policy(t, policy.consecutiveAbsences(), policy.recentDrop());
        Map<String, List<LocalDate>> upcoming = schedules.upcoming(term.keySet().stream().map(HistoryQueries.Key::subjectId)
                .collect(Collectors.toCollection(TreeSet::new)), today.plusDays(1), policy.termEnd(today));
        List<AtRiskRow> rows = new ArrayList<>();
        term.forEach((k, c) -> {
            int trailing = AtRiskRules.trailingAbsences(statuses.getOrDefault(k, List.of()));
            List<String> reasons = AtRiskRules.reasons(c, recent.getOrDefault(k, Counts.NONE), trailing,
                    upcoming.get(k.subjectId()), rules);
            if (!reasons.isEmpty()) {
                rows.add(new AtRiskRow(k.studentEmail(), names.get(k.studentEmail()), k.classId(), k.subjectId(), c.rate(),
                        trailing, reasons, recent.getOrDefault(k, Counts.NONE).rate()));
            }
        });
        rows.sort(Comparator.comparing((AtRiskRow r) -> r.rate() == null ? 1.0 : r.rate())
                .thenComparing(AtRiskRow::studentEmail).thenComparing(AtRiskRow::subjectId));
        return rows;
    }

    public Overview overview(CurrentUser user, LocalDate from, LocalDate to) {
        List<ReportScopes.DepartmentNode> tree = scopes.tree(user);
        ReportScopes.Scope college = scopes.college(user);
        double t = policy.atRiskThreshold();
        // students under the threshold in any subject, per department (one read of the period's counts)
        Map<String, String> departmentOf = scopes.departmentsOf(college.classIds());
        Map<String, Set<String>> below = new HashMap<>();
        history.counts(college, from, to).forEach((k, c) -> {
            if (c.rate() != null && c.rate() < t) {
                below.computeIfAbsent(departmentOf.get(k.classId()), d -> new TreeSet<>()).add(k.studentEmail());
            }
        });
        List<DepartmentLine> departments = new ArrayList<>();
        for (ReportScopes.DepartmentNode d : tree) {
            List<HistoryQueries.Point> points = history.trend(scopes.department(user, d.departmentId()), from, to, true);
            long held = points.stream().mapToLong(HistoryQueries.Point::held).sum();
            long attended = points.stream().mapToLong(HistoryQueries.Point::attended).sum();
            long excused = points.stream().mapToLong(HistoryQueries.Point::excused).sum();
            Double thisWeek = points.isEmpty() ? null : points.getLast().rate();
            Double lastWeek = points.size() < 2 ? null : points.get(points.size() - 2).rate();
            departments.add(new DepartmentLine(d.departmentId(), d.name(), Counts.rate(attended, held - excused), held, thisWeek, lastWeek,
                    below.getOrDefault(d.departmentId(), Set.of()).size(), points));
        }
        LocalDate recentFrom = to.minusDays(recentDays() - 1);
        if (recentFrom.isBefore(from.plusDays(1))) {
            recentFrom = from.plusDays(1);
        }
        Map<String, String> classNames = new HashMap<>();
        Map<String, String> subjectNames = new HashMap<>();
        Map<String, String> subjectDepartment = new HashMap<>();
        for (ReportScopes.DepartmentNode d : tree) {
            for (ReportScopes.ClassNode c : d.classes()) {
                classNames.put(c.classId(), c.classId());
                for (ReportScopes.SubjectNode sn : c.subjects()) {
                    subjectNames.put(sn.subjectId(), sn.name() + " · " + c.classId());
                    subjectDepartment.put(sn.subjectId(), d.departmentId());
                }
            }
        }
        List<Mover> classes = fell(history.countsBy(college, from, recentFrom.minusDays(1), HistoryQueries.Part.CLASS),
                history.countsBy(college, recentFrom, to, HistoryQueries.Part.CLASS), classNames, departmentOf);
        List<Mover> subjects = fell(history.countsBy(college, from, recentFrom.minusDays(1), HistoryQueries.Part.SUBJECT),
                history.countsBy(college, recentFrom, to, HistoryQueries.Part.SUBJECT), subjectNames, subjectDepartment);
        return new Overview(history.trend(college, from, to, true), departments, classes, subjects, recentFrom);
    }

    /** The five parts whose recent rate fell most under their earlier one (at least 10 recent marks, a fall of 1 point). */
    private static List<Mover> fell(Map<String, Counts> before, Map<String, Counts> recent, Map<String, String> names,
                                    Map<String, String> departments) {
        List<Mover> out = new ArrayList<>();
        recent.forEach((id, r) -> {
            Counts b = before.get(id);
            if (b == null || b.rate() == null || r.rate() == null || r.held() < 10 || b.rate() - r.rate() < 0.01 || !names.containsKey(id)) {
                return;
            }
            out.add(new Mover(id, names.get(id), departments.get(id), b.rate(), r.rate(), r.held()));
        });
        out.sort(Comparator.comparingDouble((Mover m) -> m.recent() - m.before()).thenComparing(Mover::id));
        return out.size() > 5 ? List.copyOf(out.subList(0, 5)) : out;
    }

    /** The keys whose statuses read so far do not hold the end of their run of absences. */
    private static List<HistoryQueries.Key> openRuns(Collection<HistoryQueries.Key> keys, Map<HistoryQueries.Key, List<String>> statuses) {
        return keys.stream().filter(k -> !AtRiskRules.runEndsWithin(statuses.getOrDefault(k, List.of()))).toList();
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

    /** One part of a scope (a department of the college, a class of a department, a subject of a class) over a period. */
    public record PartRate(String id, long held, long attended, long excused, Double rate) {
    }

    /**
     * The rate of each part of a scope, in one read of the rollup: the college's departments, a department's classes, a
     * class's subjects (what the dashboard's cards show). Parts without history in the period are left out.
     */
    public List<PartRate> rates(CurrentUser user, String scopeKind, String id, LocalDate from, LocalDate to) {
        Period p = period(from, to);
        Map<String, Counts> parts = switch (scopeKind) {
            case "college" -> {
                ReportScopes.Scope scope = scopes.college(user);
                Map<String, String> departments = scopes.departmentsOf(scope.classIds());
                Map<String, Counts> byDepartment = new TreeMap<>();
                history.countsBy(scope, p.from(), p.to(), HistoryQueries.Part.CLASS)
                        .forEach((classId, c) -> byDepartment.merge(departments.get(classId), c, Counts::plus));
                yield byDepartment;
            }
            case "department" -> history.countsBy(scopes.department(user, required(id)), p.from(), p.to(), HistoryQueries.Part.CLASS);
            case "class" -> history.countsBy(scopes.classOf(user, required(id)), p.from(), p.to(), HistoryQueries.Part.SUBJECT);
            default -> throw new ApiException(ErrorCode.VALIDATION_FAILED, "scope must be college, department or class");
        };
        List<PartRate> rows = new ArrayList<>();
        parts.forEach((part, c) -> rows.add(new PartRate(part, c.held(), c.attended(), c.excused(), c.rate())));
        return rows;
    }

    private static String required(String id) {
        if (id == null || id.isBlank()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "id is required for this scope");
        }
        return id;
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
