package edu.attendance.analytics;

import edu.attendance.platform.clickhouse.ClickHouse;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of the history in ClickHouse for a {@link ReportScopes.Scope}: counts from the rollups (summed, so unmerged
 * parts are harmless) — per session for sessions, trends and the rates of a scope's parts, per student × subject × month
 * and × day for a student's counts over a period — and the order of a student's statuses from {@code decisions FINAL}
 * (the latest version of each decision), read only over the days that need it.
 */
@Component
public class HistoryQueries {

    /** One student in one subject. */
    public record Key(String studentEmail, String classId, String subjectId) {
    }

    /** A day or week: sessions' students held, attended and excused, the rate, and the alerts those sessions raised. */
    public record Point(LocalDate bucket, long held, long attended, long excused, Double rate, long alerts) {
    }

    /** One session: its roster's outcome and how many alerts it raised. */
    public record SessionRow(String sessionId, String classId, String subjectId, LocalDate date, long held, long absent,
                             long attended, Double rate, long alerts) {
    }

    private final ClickHouse clickHouse;

    public HistoryQueries(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /**
     * Counts per student and subject between two days (inclusive), in e-mail and subject order: the whole months in
     * between from the monthly rollup, the days before and after them from the daily one.
     */
    public Map<Key, Counts> counts(ReportScopes.Scope scope, LocalDate from, LocalDate to) {
        MonthSplit split = MonthSplit.of(from, to);
        List<Object> args = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        String columns = "student_email, class_id, subject_id, held, present, late, absent, excused, flagged";
        if (split.firstMonth() != null) {
            parts.add("SELECT " + columns + " FROM " + clickHouse.database() + ".student_subject_monthly WHERE "
                    + where(scope, split.firstMonth(), split.lastMonth(), "month", args));
        }
        for (AttendanceAnalytics.Period days : split.days()) {
            parts.add("SELECT " + columns + " FROM " + clickHouse.database() + ".student_subject_daily WHERE "
                    + where(scope, days.from(), days.to(), "day", args));
        }
        Map<Key, Counts> out = new LinkedHashMap<>();
        clickHouse.jdbc().query("""
                SELECT student_email, class_id, subject_id, sum(held), sum(present), sum(late), sum(absent), sum(excused), sum(flagged)
                FROM (%s)
                GROUP BY student_email, class_id, subject_id HAVING sum(held) > 0
                ORDER BY student_email, subject_id
                """.formatted(String.join(" UNION ALL ", parts)), rs -> {
            out.put(new Key(rs.getString(1), rs.getString(2), rs.getString(3)), new Counts(rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)));
        }, args.toArray());
        return out;
    }

    /**
     * A span of days as the rollups read it: the whole calendar months in it ({@code firstMonth} to {@code lastMonth},
     * their first days; both null when it holds none), and the days outside those months (at most two runs).
     */
    record MonthSplit(LocalDate firstMonth, LocalDate lastMonth, List<AttendanceAnalytics.Period> days) {

        static MonthSplit of(LocalDate from, LocalDate to) {
            LocalDate first = from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
            LocalDate last = to.getDayOfMonth() == to.lengthOfMonth() ? to.withDayOfMonth(1) : to.withDayOfMonth(1).minusMonths(1);
            if (first.isAfter(last)) {
                return new MonthSplit(null, null, List.of(new AttendanceAnalytics.Period(from, to)));
            }
            List<AttendanceAnalytics.Period> days = new ArrayList<>(2);
            if (from.isBefore(first)) {
                days.add(new AttendanceAnalytics.Period(from, first.minusDays(1)));
            }
            LocalDate after = last.plusMonths(1);
            if (!after.isAfter(to)) {
                days.add(new AttendanceAnalytics.Period(after, to));
            }
            return new MonthSplit(first, last, List.copyOf(days));
        }
    }

    /** What a scope's counts can be grouped by, each a column of the rollup. */
    public enum Part {
        CLASS("class_id"), SUBJECT("subject_id");

        private final String column;

        Part(String column) {
            this.column = column;
        }
    }

    /** Counts per class or per subject of a scope between two days (inclusive): one pass over the per-session rollup. */
    public Map<String, Counts> countsBy(ReportScopes.Scope scope, LocalDate from, LocalDate to, Part part) {
        List<Object> args = new ArrayList<>();
        String where = where(scope, from, to, "day", args);
        Map<String, Counts> out = new LinkedHashMap<>();
        clickHouse.jdbc().query("""
                SELECT %s, sum(held), sum(present), sum(late), sum(absent), sum(excused), sum(flagged)
                FROM %s.session_daily WHERE %s
                GROUP BY 1 ORDER BY 1
                """.formatted(part.column, clickHouse.database(), where), rs -> {
            out.put(rs.getString(1), new Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
        }, args.toArray());
        return out;
    }

    /** Held and attended per day or per week (weeks start on Monday), oldest first. */
    public List<Point> trend(ReportScopes.Scope scope, LocalDate from, LocalDate to, boolean weekly) {
        List<Object> args = new ArrayList<>();
        String where = where(scope, from, to, "day", args);
        String bucket = weekly ? "toMonday(day)" : "day";
        Map<LocalDate, Long> alerts = new HashMap<>();
        List<Object> alertArgs = new ArrayList<>();
        String sessionsWhere = where(scope, from, to, "day", alertArgs);
        clickHouse.jdbc().query("""
                SELECT %s AS bucket, count()
                FROM %s.alerts AS a FINAL
                INNER JOIN (SELECT DISTINCT session_id, day FROM %2$s.session_daily WHERE %s) AS d ON a.session_id = d.session_id
                GROUP BY bucket
                """.formatted(bucket, clickHouse.database(), sessionsWhere),
                rs -> {
                    alerts.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
                }, alertArgs.toArray());
        return clickHouse.jdbc().query("""
                SELECT %s AS bucket, sum(held), sum(present) + sum(late), sum(excused)
                FROM %s.session_daily WHERE %s
                GROUP BY bucket HAVING sum(held) > 0 ORDER BY bucket
                """.formatted(bucket, clickHouse.database(), where), (rs, i) -> {
            long held = rs.getLong(2);
            long attended = rs.getLong(3);
            LocalDate b = rs.getObject(1, LocalDate.class);
            long excused = rs.getLong(4);
            return new Point(b, held, attended, excused, Counts.rate(attended, held - excused), alerts.getOrDefault(b, 0L));
        }, args.toArray());
    }


    /** Each student's statuses per subject between two days, oldest session first; {@code students} null: everyone's. */
    public Map<Key, List<String>> statuses(ReportScopes.Scope scope, LocalDate from, LocalDate to, Collection<String> students) {
        List<Object> args = new ArrayList<>();
        String where = where(scope, from, to, "session_date", args);
        if (students != null) {
            where += " AND student_email IN (" + placeholders(students.size()) + ")";
            args.addAll(students);
        }
        Map<Key, List<String>> out = new LinkedHashMap<>();
        clickHouse.jdbc().query("""
                SELECT student_email, class_id, subject_id, arrayStringConcat(arrayMap(x -> x.2, arraySort(groupArray((at, status)))), ',')
                FROM %s.decisions FINAL WHERE %s
                GROUP BY student_email, class_id, subject_id
                """.formatted(clickHouse.database(), where), rs -> {
            out.put(new Key(rs.getString(1), rs.getString(2), rs.getString(3)), Arrays.asList(rs.getString(4).split(",")));
        }, args.toArray());
        return out;
    }

    /** The sessions with the most absences first (ties: most recent first), with their alert counts. */
    public List<SessionRow> sessions(ReportScopes.Scope scope, LocalDate from, LocalDate to, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(scope, from, to, "day", args);
        args.add(limit);
        args.add(Date.valueOf(from));
        args.add(Date.valueOf(to.plusDays(1)));
        return clickHouse.jdbc().query("""
                SELECT s.session_id, s.cls, s.subj, s.d, s.h, s.ab, s.att, s.exc, a.n
                FROM (
                    -- aliases differ from the columns: the WHERE below must see the columns, not these sums
                    SELECT session_id, class_id AS cls, subject_id AS subj, day AS d, sum(held) AS h, sum(absent) AS ab,
                           sum(present) + sum(late) AS att, sum(excused) AS exc
                    FROM %1$s.session_daily WHERE %2$s
                    GROUP BY class_id, subject_id, day, session_id
                    HAVING h > 0
                    ORDER BY ab DESC, d DESC, session_id
                    LIMIT ?
                ) AS s
                LEFT JOIN (
                    SELECT session_id, count() AS n FROM %1$s.alerts FINAL WHERE toDate(at) BETWEEN ? AND ? GROUP BY session_id
                ) AS a ON a.session_id = s.session_id
                ORDER BY s.ab DESC, s.d DESC, s.session_id
                """.formatted(clickHouse.database(), where), (rs, i) -> {
            long held = rs.getLong(5);
            long attended = rs.getLong(7);
            return new SessionRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class), held,
                    rs.getLong(6), attended, Counts.rate(attended, held - rs.getLong(8)), rs.getLong(9));
        }, args.toArray());
    }

    private static String where(ReportScopes.Scope scope, LocalDate from, LocalDate to, String dayColumn, List<Object> args) {
        StringBuilder sql = new StringBuilder(dayColumn).append(" BETWEEN ? AND ?");
        args.add(Date.valueOf(from));
        args.add(Date.valueOf(to));
        sql.append(" AND class_id IN (").append(placeholders(scope.classIds().size())).append(')');
        args.addAll(scope.classIds());
        if (scope.subjectIds() != null) {
            sql.append(" AND subject_id IN (").append(placeholders(scope.subjectIds().size())).append(')');
            args.addAll(scope.subjectIds());
        }
        return sql.toString();
    }

    private static String placeholders(int n) {
        return n == 0 ? "''" : String.join(", ", Collections.nCopies(n, "?")); // no class: matches nothing
    }
}
