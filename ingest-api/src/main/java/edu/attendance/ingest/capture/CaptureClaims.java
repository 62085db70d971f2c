package edu.attendance.ingest.capture;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.web.Blocking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import edu.attendance.ingest.session.ManualMarked;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A student's one mark per session across every ingest instance ({@code attendance.capture.claims=DATABASE}; table
 * {@code capture_claims}, ingest's V6). The instance's own memory ({@code OpenSession.mark}) answers first, as with one
 * instance; what it cannot know — the other instances' marks and answers — is settled by PostgreSQL's primary key:
 * the first submission to insert the (session, student) row holds the slot, a retry of the same submission through
 * any instance finds its own row and its answer, another submission finds the slot taken; a teacher's mark takes the
 * slot too. With {@code LOCAL} (one
 * instance, the embedded run) nothing here touches the database.
 */
@Component
class CaptureClaims {

    private static final Logger log = LoggerFactory.getLogger(CaptureClaims.class);

    /**
     * How long a claim may stay unpublished before another submission may take it over: longer than the producer's
     * delivery timeout (10 s), so a write still in flight is never overtaken.
     */
    static final Duration STALE = Duration.ofSeconds(30);

    public enum Outcome {
        /** This submission holds the slot now: publish it. */
        CLAIMED,
        /** This very submission already holds it (a retry, perhaps through another instance): publish again, same answer. */
        RETRY,
        /** Another submission of the student holds it: already marked. */
        TAKEN,
        /** The submission id is another student's or another session's. */
        REUSED,
        /** The session closed (perhaps through another instance) before the capture's time: not taken. */
        CLOSED
    }

    /** One capture asking for the student's slot: when it was captured, from which app install and (off campus only) address. */
    public record Attempt(UUID session, String email, UUID submission, Instant capturedAt, String device, String offCampusAddress) {
    }

    /**
     * What the session's other captures, through every instance, say about this one: the same app install marked another
     * student, how many other captures came from its (off-campus) address in the ten seconds before it, how many wrong
     * codes the student guessed. Nothing with {@code LOCAL}: the one instance's memory knows it all.
     */
    public record Elsewhere(boolean deviceUsedByAnother, int recentFromAddress, int otpGuesses) {
        public static final Elsewhere NOTHING = new Elsewhere(false, 0, 0);
    }

    /**
     * {@code provisional}: the answer the slot's holder was given (a retry gets the same; null while the holder has not
     * published yet); {@code closedAt}: when the session closed, if it has.
     */
    public record Claim(Outcome outcome, String provisional, Instant closedAt, Elsewhere elsewhere) {
    }

    private final JdbcClient jdbc;
    private final boolean shared;
    private final Duration keep;

    public CaptureClaims(JdbcClient jdbc, AttendanceProperties props) {
        this.jdbc = jdbc;
        this.shared = props.capture().claims() == AttendanceProperties.Capture.Claims.DATABASE;
        // a session takes offline captures until this long after it ended; sessions last hours, not days
        this.keep = props.capture().offlineSyncLimit().plus(Duration.ofDays(2));
    }

    public boolean shared() {
        return shared;
    }

    /**
     * Claims the student's slot for the attempt, in one statement that also reads what the other captures say
     * ({@link Elsewhere}). The session's row is share-locked for the statement, so an early close through any instance
     * is ordered against it: the close waits for the claims in flight and is dated after every capture claimed
     * ({@code SessionStore.close}); a claim after the close is taken only if its capture time is before it, as the
     * decision stream counts it.
     */
    public Mono<Claim> claim(Attempt a) {
        if (!shared) {
            return Mono.just(new Claim(Outcome.CLAIMED, null, null, Elsewhere.NOTHING));
        }
        return Blocking.call(() -> {
            // twice at most: a holder that released the slot between the two statements leaves it free for this one
            for (int attempt = 0; attempt < 2; attempt++) {
                Claimed c;
                try {
                    c = jdbc.sql("""
                                    WITH s AS (SELECT closed_at FROM sessions WHERE session_id = :session FOR KEY SHARE),
                                    c AS (
                                      INSERT INTO capture_claims AS c (session_id, student_email, submission_id, captured_at, device, address)
                                      SELECT :session, :email, :submission, :at, :device, :address FROM s
                                      WHERE s.closed_at IS NULL OR :at < s.closed_at
                                      ON CONFLICT (session_id, student_email) DO UPDATE
                                      SET submission_id = EXCLUDED.submission_id, provisional = NULL, published = false,
                                          claimed_at = now(), captured_at = EXCLUDED.captured_at, device = EXCLUDED.device,
                                          address = EXCLUDED.address
                                      WHERE NOT c.published AND c.claimed_at < now() - make_interval(secs => :stale)
                                      RETURNING 1)
                                    SELECT EXISTS (SELECT 1 FROM c), (SELECT closed_at FROM s),
                                      EXISTS (SELECT 1 FROM capture_claims WHERE session_id = :session AND device = :device
                                              AND student_email <> :email),
                                      (SELECT count(*) FROM capture_claims WHERE session_id = :session AND address = :address
                                              AND captured_at >= :horizon AND student_email <> :email),
                                      (SELECT guesses FROM otp_attempts WHERE session_id = :session AND student_email = :email)
                                    """)
                            .param("session", a.session()).param("email", a.email()).param("submission", a.submission())
                            .param("at", Timestamp.from(a.capturedAt())).param("device", a.device())
                            .param("address", a.offCampusAddress(), Types.VARCHAR)
                            .param("horizon", Timestamp.from(a.capturedAt().minus(CaptureSignals.BURST_WINDOW)))
                            .param("stale", (double) STALE.toSeconds())
                            .query((rs, i) -> {
                                Timestamp closed = rs.getTimestamp(2);
                                return new Claimed(rs.getBoolean(1), closed == null ? null : closed.toInstant(),
                                        new Elsewhere(rs.getBoolean(3), rs.getInt(4), rs.getInt(5)));
                            })
                            .single();
                } catch (DuplicateKeyException e) {
                    // the submission id's own uniqueness: used by another student or in another session
                    return new Claim(Outcome.REUSED, null, null, Elsewhere.NOTHING);
                }
                if (c.claimed()) {
                    return new Claim(Outcome.CLAIMED, null, c.closedAt(), c.elsewhere());
                }
                Optional<Claim> held = jdbc.sql("SELECT submission_id, provisional FROM capture_claims WHERE session_id = ? AND student_email = ?")
                        .params(a.session(), a.email())
                        .query((rs, i) -> rs.getObject(1, UUID.class).equals(a.submission())
                                ? new Claim(Outcome.RETRY, rs.getString(2), c.closedAt(), c.elsewhere())
                                : new Claim(Outcome.TAKEN, null, c.closedAt(), Elsewhere.NOTHING))
                        .optional();
                if (held.isPresent()) {
                    return held.get();
                }
                if (c.closedAt() != null && !a.capturedAt().isBefore(c.closedAt())) {
                    return new Claim(Outcome.CLOSED, null, c.closedAt(), Elsewhere.NOTHING);
                }
            }
            return new Claim(Outcome.TAKEN, null, null, Elsewhere.NOTHING);
        });
    }

    private record Claimed(boolean claimed, Instant closedAt, Elsewhere elsewhere) {
    }

    /**
     * Kafka acknowledged the holder's event: the claim can no longer be taken over, and a retry gets {@code provisional}. Never fails: the answer is 202
     * whatever happens here (a claim left unpublished is open to a takeover after {@link #STALE}, and the decision
     * stream keeps the first submission of a student anyway).
     */
    public Mono<Void> published(UUID session, String email, UUID submission, String provisional) {
        if (!shared) {
            return Mono.empty();
        }
        return Blocking.run(() -> jdbc.sql("""
                        UPDATE capture_claims SET published = true, provisional = COALESCE(provisional, ?)
                        WHERE session_id = ? AND student_email = ? AND submission_id = ?""")
                        .params(provisional, session, email, submission).update())
                .onErrorResume(e -> {
                    log.warn("could not note the capture claim of {} in session {} as published: {}", email, session, e.toString());
                    return Mono.empty();
                });
    }

    /** The holder's event could not be written: the slot is free again (unless a retry has published it meanwhile). */
    public Mono<Void> release(UUID session, String email, UUID submission) {
        if (!shared) {
            return Mono.empty();
        }
        return Blocking.run(() -> jdbc.sql("DELETE FROM capture_claims WHERE session_id = ? AND student_email = ? AND submission_id = ? AND NOT published")
                .params(session, email, submission).update());
    }

    /**
     * A teacher's mark (or an approved claim's) holds the student's slot on every instance, as it does in the marking
     * instance's memory: a later scan through any instance is already marked. A scan that holds the slot already keeps
     * it (the teacher's mark overrides its decision in the stream anyway). Written in the marking request, after the mark
     * itself; a failure here fails the request, and the teacher's retry writes both again.
     */
    @EventListener
    public void on(ManualMarked mark) {
        if (!shared) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO capture_claims (session_id, student_email, submission_id, provisional, published)
                        VALUES (?, ?, ?, ?, true)
                        ON CONFLICT DO NOTHING""")
                .params(mark.sessionId(), mark.studentEmail(), UUID.randomUUID(), mark.status().name()).update();
    }

    /** Claims (and wrong codes) of sessions long past their offline-sync limit are of no use: hourly, by age. */
    @Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
    public void forgetOld() {
        if (!shared) {
            return;
        }
        try {
            int n = jdbc.sql("DELETE FROM capture_claims WHERE claimed_at < now() - make_interval(secs => ?)")
                    .param((double) keep.toSeconds()).update();
            int m = jdbc.sql("DELETE FROM otp_attempts WHERE updated_at < now() - make_interval(secs => ?)")
                    .param((double) keep.toSeconds()).update();
            log.debug("forgot {} capture claims and {} students' wrong codes older than {}", n, m, keep);
        } catch (RuntimeException e) {
            log.warn("could not forget old capture claims: {}", e.toString());
        }
    }
}
