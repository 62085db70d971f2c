package edu.attendance.ingest.capture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import edu.attendance.platform.AttendanceProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wrong OTPs per student and session: one retry, then no more OTP attempts in that session (docs/rules.md rule 3). Every
 * wrong code counts as an attempt; only guesses (codes this session never showed lately) count as evidence. With more
 * than one ingest instance ({@code attendance.capture.claims=DATABASE}) the count lives in PostgreSQL
 * ({@code otp_attempts}), so two instances allow two wrong codes, not four; the calls then block (the capture path runs
 * them on the blocking pool, see {@link #shared()}). The local count's entries last 12 hours, longer than any session.
 */
@Component
class OtpAttempts {

    public static final int ALLOWED_WRONG = 2;

    private final JdbcClient jdbc;
    private final boolean shared;
    private final Cache<String, AtomicInteger> wrong = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(12)).maximumSize(2_000_000).build();
    private final Cache<String, AtomicInteger> guesses = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(12)).maximumSize(2_000_000).build();

    OtpAttempts(JdbcClient jdbc, AttendanceProperties props) {
        this.jdbc = jdbc;
        this.shared = props.capture().claims() == AttendanceProperties.Capture.Claims.DATABASE;
    }

    /** Whether the counts are in the database (every call may block). */
    public boolean shared() {
        return shared;
    }

    /**
     * Guesses this instance saw (the WRONG_OTP signal). With a shared count the capture's claim reads the database's
     * ({@link CaptureClaims.Elsewhere#otpGuesses()}); this instance's memory counts them too, and the larger one holds.
     */
    public int guessesSoFar(UUID sessionId, String email) {
        AtomicInteger n = guesses.getIfPresent(key(sessionId, email));
        return n == null ? 0 : n.get();
    }

    /**
     * Takes one of the student's attempts before their code is compared, or false when none is left. Taken first and
     * given back when the code is right ({@link #giveBack}), so codes sent at once, through one instance or several, are
     * not all compared against a count none of them has raised yet: at most {@link #ALLOWED_WRONG} are ever compared wrong.
     */
    public boolean take(UUID sessionId, String email) {
        if (shared) {
            return jdbc.sql("""
                            INSERT INTO otp_attempts AS o (session_id, student_email, wrong, guesses) VALUES (?, ?, 1, 0)
                            ON CONFLICT (session_id, student_email) DO UPDATE SET wrong = o.wrong + 1, updated_at = now()
                            WHERE o.wrong < ?
                            RETURNING wrong""")
                    .params(sessionId, email, ALLOWED_WRONG).query(Integer.class).optional().isPresent();
        }
        AtomicInteger n = wrong.get(key(sessionId, email), k -> new AtomicInteger());
        return n.getAndUpdate(v -> v < ALLOWED_WRONG ? v + 1 : v) < ALLOWED_WRONG;
    }

    /** The code taken for was right: the attempt is the student's again. */
    public void giveBack(UUID sessionId, String email) {
        if (shared) {
            jdbc.sql("UPDATE otp_attempts SET wrong = wrong - 1 WHERE session_id = ? AND student_email = ? AND wrong > 0")
                    .params(sessionId, email).update();
            return;
        }
        AtomicInteger n = wrong.getIfPresent(key(sessionId, email));
        if (n != null) {
            n.updateAndGet(v -> Math.max(0, v - 1));
        }
    }

    /**
     * The code taken for was wrong: the attempt stays spent ({@code guess}: not a code the session showed lately, the
     * WRONG_OTP evidence); returns how many attempts are left.
     */
    public int wrong(UUID sessionId, String email, boolean guess) {
        if (guess) {
            guesses.get(key(sessionId, email), k -> new AtomicInteger()).incrementAndGet();
        }
        int n;
        if (shared) {
            n = jdbc.sql("""
                            UPDATE otp_attempts SET guesses = guesses + ?, updated_at = now()
                            WHERE session_id = ? AND student_email = ? RETURNING wrong""")
                    .params(guess ? 1 : 0, sessionId, email).query(Integer.class).optional().orElse(ALLOWED_WRONG);
        } else {
            n = wrong.get(key(sessionId, email), k -> new AtomicInteger()).get();
        }
        return Math.max(0, ALLOWED_WRONG - n);
    }

    private static String key(UUID sessionId, String email) {
        return sessionId + "|" + email;
    }
}
