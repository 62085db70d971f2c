package edu.attendance.ingest.roster;

import edu.attendance.contracts.StudentsErased;
import edu.attendance.contracts.Topics;
import edu.attendance.ingest.audit.AuditLog;
import edu.attendance.platform.security.Accounts;
import edu.attendance.ingest.support.Outbox;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Erasure of students on request (docs/rules.md, "What is kept and for how long"): in one transaction their account,
 * roster row, phones, sign-ins, capture claims, flag history and every audit row that names them go; one audit row
 * without personal data records the erasure; and a {@link StudentsErased} event (e-mail hashes only) tells the
 * history's owner to remove their rows from ClickHouse. Refused while a session of their class is open or closed less
 * than {@code attendance.erasure.settle} (10 minutes) ago: its decisions may still be on their way to the history.
 */
@Component
class Erasures {

    static final int MAX_STUDENTS = 5_000;

    /** {@code attendance.erasure.settle}: how long after a session's close its students may be erased. */
    @ConfigurationProperties("attendance.erasure")
    record Settings(@DefaultValue("10m") Duration settle) {
    }

    record Erased(String erasureId, int students) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration settle;
    private final AuditLog audit;
    private final Accounts accounts;

    Erasures(JdbcClient jdbc, TransactionTemplate tx, Outbox outbox, Clock clock, Settings settings, AuditLog audit, Accounts accounts) {
        this.accounts = accounts;
        this.settle = settings.settle();
        this.audit = audit;
        this.jdbc = jdbc;
        this.tx = tx;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Erases the named students, or the class's ({@code classId}), on behalf of {@code admin}. */
    Erased erase(String admin, List<String> emails, String classId) {
        return tx.execute(status -> {
            List<String> who = classId != null ? ofClass(classId) : named(emails);
            if (who.size() > MAX_STUDENTS) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "at most " + MAX_STUDENTS + " students at once");
            }
            String[] all = who.toArray(String[]::new);
            List<String> busy = jdbc.sql("""
                    SELECT DISTINCT sub.class_id FROM sessions s JOIN subjects sub ON sub.subject_id = s.subject_id
                    WHERE sub.class_id IN (SELECT class_id FROM students WHERE email = ANY(?))
                      AND (s.closed_at IS NULL OR s.closed_at > now() - make_interval(secs => ?))
                    ORDER BY 1""").params(all, (double) settle.toSeconds()).query(String.class).list();
            if (!busy.isEmpty()) {
                throw new ApiException(ErrorCode.CONFLICT, "a session of " + String.join(", ", busy) + " is open or closed less than "
                        + settle.toMinutes() + " minutes ago: erase after its decisions are in the history");
            }
            for (String sql : List.of("DELETE FROM capture_claims WHERE student_email = ANY(?)",
                    "DELETE FROM otp_attempts WHERE student_email = ANY(?)",
                    "DELETE FROM absence_claim_documents WHERE student_email = ANY(?)",
                    "DELETE FROM absence_claims WHERE student_email = ANY(?)",
                    "DELETE FROM flag_history WHERE student_email = ANY(?)",
                    "DELETE FROM devices WHERE user_email = ANY(?)",
                    "DELETE FROM refresh_tokens WHERE email = ANY(?)",
                    "DELETE FROM students WHERE email = ANY(?)",
                    "DELETE FROM users WHERE email = ANY(?)")) {
                jdbc.sql(sql).param(all).update();
            }
            // the sessions they were on the roster of keep their size (a count), not their names
            jdbc.sql("UPDATE sessions SET roster = array(SELECT x FROM unnest(roster) AS x WHERE x <> ALL(?::text[])) WHERE roster && ?::text[]")
                    .params(all, all).update();
            audit.forget(all); // every audit row that names them
            // their sign-ins end here from the next request once this commits, not only when the database's notice
            // reaches this instance (a copy read before the commit is what the notice drops)
            List<String> forget = List.copyOf(who);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    forget.forEach(accounts::changed);
                }
            });
            String id = UUID.randomUUID().toString();
            jdbc.sql("INSERT INTO audit_log (actor, action, target, after) VALUES (?, 'STUDENTS_ERASED', ?, jsonb_build_object('students', ?, 'classId', ?::text))")
                    .params(admin, "erasure:" + id, who.size(), classId).update();
            outbox.append(Topics.ERASURES, id, new StudentsErased(id, who.stream().map(StudentsErased::hash).toList(), clock.instant()));
            return new Erased(id, who.size());
        });
    }

    private List<String> ofClass(String classId) {
        if (jdbc.sql("SELECT count(*) FROM classes WHERE class_id = ?").param(classId).query(Long.class).single() == 0) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no class " + classId);
        }
        List<String> who = jdbc.sql("SELECT email FROM students WHERE class_id = ? ORDER BY email").param(classId).query(String.class).list();
        if (who.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "class " + classId + " has no students");
        }
        return who;
    }

    private List<String> named(List<String> emails) {
        Set<String> wanted = new TreeSet<>();
        emails.forEach(e -> wanted.add(e.strip().toLowerCase(Locale.ROOT)));
        List<String> found = jdbc.sql("SELECT email FROM students WHERE email = ANY(?) ORDER BY email")
                .param(wanted.toArray(String[]::new)).query(String.class).list();
        wanted.removeAll(found);
        if (!wanted.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "not students of the roster: " + String.join(", ", wanted));
        }
        return found;
    }
}
