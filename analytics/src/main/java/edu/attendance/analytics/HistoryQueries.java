package edu.attendance.analytics;

import edu.attendance.platform.clickhouse.ClickHouse;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of the history in ClickHouse for a {@link ReportScopes.Scope}: counts from the per student × subject
 * × day rollup (summed, so unmerged parts are harmless), and the order of a student's statuses from
 * {@code decisions FINAL} (the latest version of each decision).
 */
@Component
public class HistoryQueries {

    /** One student in one subject. */
    public record Key(String studentEmail, String classId, String subjectId) {
    }

    /** A day or week: sessions' students held and attended, the rate, and the alerts those sessions raised. */
    public record Point(LocalDate bucket, long held, long attended, Double rate, long alerts) {
    }

    /** One session: its roster's outcome and how many alerts it raised. */
    public record SessionRow(String sessionId, String classId, String subjectId, LocalDate date, long held, long absent,
                             long attended, Double rate, long alerts) {
    }

    private final ClickHouse clickHouse;

    public HistoryQueries(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** Counts per student and subject between two days (inclusive), in e-mail and subject order. */
    public Map<Key, Counts> counts(ReportScopes.Scope scope, LocalDate from, LocalDate to) {
        List<Object> args = new ArrayList<>();
        String where = where(scope, from, to, "day", args);
        Map<Key, Counts> out = new LinkedHashMap<>();
        clickHouse.jdbc().query("""
                SELECT student_email, class_id, subject_id, sum(held), sum(present), sum(late), sum(absent), sum(excused), sum(flagged)
                FROM %s.student_subject_daily WHERE %s
                GROUP BY student_email, class_id, subject_id HAVING sum(held) > 0
                ORDER BY student_email, subject_id
                """.formatted(clickHouse.database(), where), rs -> {
            out.put(new Key(rs.getString(1), rs.getString(2), rs.getString(3)), new Counts(rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)));
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
        String sessionsWhere = where(scope, from, to, "session_date", alertArgs);
        clickHouse.jdbc().query("""
                SELECT %s AS bucket, count()
                FROM %s.alerts AS a FINAL
                INNER JOIN (SELECT DISTINCT session_id, session_date AS day FROM %2$s.decisions WHERE %s) AS d ON a.session_id = d.session_id
                GROUP BY bucket
                """.formatted(bucket, clickHouse.database(), sessionsWhere),
                rs -> {
                    alerts.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
                }, alertArgs.toArray());
        return clickHouse.jdbc().query("""
                SELECT %s AS bucket, sum(held), sum(present) + sum(late), sum(excused)
                FROM %s.student_subject_daily WHERE %s
                GROUP BY bucket HAVING sum(held) > 0 ORDER BY bucket
                """.formatted(bucket, clickHouse.database(), where), (rs, i) -> {
            long held = rs.getLong(2);
            long attended = rs.getLong(3);
            LocalDate b = rs.getObject(1, LocalDate.class);
            return new Point(b, held, attended, Counts.rate(attended, held - rs.getLong(4)), alerts.getOrDefault(b, 0L));
        }, args.toArray());
    }


    /** Each student's statuses per subject between two days, oldest session first. */
    public Map<Key, List<String>> statuses(ReportScopes.Scope scope, LocalDate from, LocalDate to) {
        List<Object> args = new ArrayList<>();
        String where = where(scope, from, to, "session_date", args);
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
        String where = where(scope, from, to, "session_date", args);
        args.add(limit);
        args.add(Date.valueOf(from));
        args.add(Date.valueOf(to.plusDays(1)));
        return clickHouse.jdbc().query("""
                SELECT s.session_id, s.cls, s.subj, s.day, s.held, s.absent, s.attended, s.excused, a.n
                FROM (
                    -- aliases differ from the columns: the WHERE below must see the columns, not these aggregates
                    SELECT session_id, any(class_id) AS cls, any(subject_id) AS subj, any(session_date) AS day,
                           count() AS held, countIf(status = 'ABSENT') AS absent, countIf(status IN ('PRESENT', 'LATE')) AS attended,
                           countIf(status = 'EXCUSED') AS excused
                    FROM %1$s.decisions FINAL WHERE %2$s
                    GROUP BY session_id
                    ORDER BY absent DESC, day DESC, session_id
                    LIMIT ?
                ) AS s
                LEFT JOIN (
                    SELECT session_id, count() AS n FROM %1$s.alerts FINAL WHERE toDate(at) BETWEEN ? AND ? GROUP BY session_id
                ) AS a ON a.session_id = s.session_id
                ORDER BY s.absent DESC, s.day DESC, s.session_id
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
