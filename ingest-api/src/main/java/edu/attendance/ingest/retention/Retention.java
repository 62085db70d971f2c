package edu.attendance.ingest.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deletes what ingest keeps past its {@link RetentionSettings}: hourly, in batches of at most {@value #BATCH} rows per
 * statement (a year's backlog on the first run does not hold one long transaction).
 */
@Component
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final RetentionSettings settings;
    private final Clock clock;

    Retention(JdbcClient jdbc, RetentionSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 3_600_000, initialDelay = 120_000)
    void scheduled() {
        try {
            Map<String, Integer> removed = run();
            if (removed.values().stream().anyMatch(n -> n > 0)) {
                log.info("retention: removed {}", removed);
            }
        } catch (RuntimeException e) {
            log.warn("retention did not run: {}", e.toString());
        }
    }

    /** One pass over every kind; how many rows of each went. */
    public Map<String, Integer> run() {
        Instant now = clock.instant();
        Map<String, Integer> removed = new LinkedHashMap<>();
        removed.put("audit_log", drain("DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? LIMIT " + BATCH + ")",
                now, settings.auditLog()));
        removed.put("refresh_tokens", drain("DELETE FROM refresh_tokens WHERE token_hash IN (SELECT token_hash FROM refresh_tokens "
                + "WHERE expires_at < ? LIMIT " + BATCH + ")", now, settings.refreshTokens()));
        removed.put("revoked_families", drain("DELETE FROM revoked_families WHERE family_id IN (SELECT family_id FROM revoked_families "
                + "WHERE revoked_at < ? AND NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = revoked_families.family_id) "
                + "LIMIT " + BATCH + ")", now, settings.refreshTokens()));
        removed.put("flag_history", drain("DELETE FROM flag_history WHERE (session_id, student_email) IN (SELECT session_id, student_email "
                + "FROM flag_history WHERE flagged_at < ? LIMIT " + BATCH + ")", now, settings.flagHistory()));
        // the timetable's changes name the staff who made them; kept as long as the audit log that explains them
        removed.put("period_cancellations", drain("DELETE FROM period_cancellations WHERE (period_id, day) IN (SELECT period_id, day "
                + "FROM period_cancellations WHERE cancelled_at < ? LIMIT " + BATCH + ")", now, settings.auditLog()));
        removed.put("substitutions", drain("DELETE FROM substitutions WHERE substitution_id IN (SELECT substitution_id FROM substitutions "
                + "WHERE assigned_at < ? AND to_date < CURRENT_DATE LIMIT " + BATCH + ")", now, settings.auditLog()));
        // an online class's evidence (minutes in its meeting, check-ins, the names of people not on the roster) is kept
        // as long as the flag history, the other evidence about a mark
        removed.put("meeting_evidence", drain("DELETE FROM meeting_attendance WHERE (session_id, student_email) IN (SELECT m.session_id, "
                + "m.student_email FROM meeting_attendance m JOIN sessions s USING (session_id) WHERE s.started_at < ? LIMIT " + BATCH + ")",
                now, settings.flagHistory())
                + drain("DELETE FROM meeting_imports WHERE import_id IN (SELECT i.import_id FROM meeting_imports i JOIN sessions s "
                + "USING (session_id) WHERE s.started_at < ? LIMIT " + BATCH + ")", now, settings.flagHistory())
                + drain("DELETE FROM check_ins WHERE check_in_id IN (SELECT c.check_in_id FROM check_ins c JOIN sessions s "
                + "USING (session_id) WHERE s.started_at < ? LIMIT " + BATCH + ")", now, settings.flagHistory()));
        // an LMS login never finished, a launch's tokens never taken: minutes-long by design, an hour at most here
        removed.put("lti_logins", drain("DELETE FROM lti_logins WHERE state IN (SELECT state FROM lti_logins WHERE started_at < ? LIMIT "
                + BATCH + ")", now, Duration.ofHours(1)));
        removed.put("lti_handoffs", drain("DELETE FROM lti_handoffs WHERE code_hash IN (SELECT code_hash FROM lti_handoffs "
                + "WHERE created_at < ? LIMIT " + BATCH + ")", now, Duration.ofHours(1)));
        return removed;
    }

    private int drain(String sql, Instant now, Duration keep) {
        Timestamp before = Timestamp.from(now.minus(keep));
        int total = 0;
        for (int n = BATCH; n == BATCH; total += n) {
            n = jdbc.sql(sql).param(before).update();
        }
        return total;
    }
}
