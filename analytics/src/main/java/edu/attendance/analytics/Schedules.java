package edu.attendance.analytics;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classes still to come for subjects (docs/rules.md, "Eligibility forecast"): every period of the weekly timetable
 * on each day from–to as the term calendar holds it — none on a holiday, another weekday's on a swapped teaching day —
 * less the periods their teachers cancelled. Read from the timetable's tables in PostgreSQL.
 */
@Component
public class Schedules {

    private final JdbcClient postgres;

    public Schedules(JdbcClient postgres) {
        this.postgres = postgres;
    }

    /**
     * Per subject with a timetable, the date of each class to come between {@code from} and {@code to} (inclusive), in
     * order (an empty list when none is left); a subject without any period (extra sessions only) has no entry: what is
     * to come of it is not known.
     */
    public Map<String, List<LocalDate>> upcoming(Collection<String> subjectIds, LocalDate from, LocalDate to) {
        Map<String, List<LocalDate>> bySubject = new HashMap<>();
        if (subjectIds.isEmpty()) {
            return bySubject;
        }
        postgres.sql("SELECT DISTINCT subject_id FROM periods WHERE subject_id IN (:subjects)").param("subjects", subjectIds)
                .query((rs, i) -> bySubject.put(rs.getString(1), new ArrayList<>())).list();
        if (bySubject.isEmpty() || to.isBefore(from)) {
            return bySubject;
        }
        postgres.sql("""
                        WITH days AS (
                            SELECT d::date AS day,
                                   CASE WHEN cd.kind = 'HOLIDAY' THEN NULL WHEN cd.kind = 'TEACHING' THEN cd.follows
                                        ELSE to_char(d, 'DY') END AS dow
                            FROM generate_series(CAST(:from AS date), CAST(:to AS date), interval '1 day') d
                            LEFT JOIN calendar_days cd ON cd.day = d::date)
                        SELECT p.subject_id, days.day FROM periods p JOIN days ON days.dow = p.day_of_week
                        WHERE p.subject_id IN (:subjects)
                          AND NOT EXISTS (SELECT 1 FROM period_cancellations pc WHERE pc.period_id = p.period_id AND pc.day = days.day)
                        ORDER BY p.subject_id, days.day, p.start_time""")
                .param("from", from).param("to", to).param("subjects", bySubject.keySet())
                .query((rs, i) -> bySubject.get(rs.getString(1)).add(rs.getObject(2, LocalDate.class)))
                .list();
        return bySubject;
    }
}
