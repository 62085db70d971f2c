package edu.attendance.ingest.capture;

import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.ingest.session.ManualMarked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Account history for the risk score: students with a FLAGGED submission in another session within
 * {@link #MEMORY} that no teacher cleared. Kept in {@code flag_history}; the capture path reads an in-memory
 * copy (flagged students are few), reloaded every minute so that other instances' flags and clears arrive too.
 * Writes go off the request path (the history is evidence, the submission itself is already in Kafka) on one
 * thread, which also runs the reloads, so a reload never drops a write it overtook.
 */
@Component
class FlagHistory {

    /** How long an uncleared flag counts against a student. */
    public static final Duration MEMORY = Duration.ofDays(30);
    private static final Logger log = LoggerFactory.getLogger(FlagHistory.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Executor writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("flag-history").daemon().factory());
    private volatile Map<String, Set<UUID>> uncleared = Map.of();

    public FlagHistory(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        load();
    }

    /** Whether the student has an uncleared flag from a session other than {@code sessionId}. */
    public boolean flaggedBefore(String email, UUID sessionId) {
        Set<UUID> sessions = uncleared.get(email);
        return sessions != null && sessions.stream().anyMatch(s -> !s.equals(sessionId));
    }

    void recordFlag(UUID sessionId, String email, List<String> flags, Instant at) {
        writer.execute(() -> {
            uncleared.computeIfAbsent(email, k -> ConcurrentHashMap.newKeySet()).add(sessionId);
            try {
                jdbc.sql("""
                        INSERT INTO flag_history (session_id, student_email, flagged_at, flags) VALUES (?, ?, ?, ?)
                        ON CONFLICT (session_id, student_email) DO NOTHING""")
                        .params(sessionId, email, Timestamp.from(at), String.join(",", flags)).update();
            } catch (RuntimeException e) {
                log.warn("could not record the flag of {} in session {}: {}", email, sessionId, e.toString());
            }
        });
    }

    /**
     * A teacher's PRESENT, LATE or EXCUSED for a flagged student clears the flag; ABSENT confirms it. An approved claim's
     * excuse never touches a flagged decision, so it clears no flag.
     */
    @EventListener
    public void on(ManualMarked mark) {
        if (mark.status() == AttendanceStatus.ABSENT || mark.absenceOnly()) {
            return;
        }
        writer.execute(() -> {
            Set<UUID> sessions = uncleared.get(mark.studentEmail());
            if (sessions != null) {
                sessions.remove(mark.sessionId());
            }
            try {
                jdbc.sql("UPDATE flag_history SET cleared_at = ? WHERE session_id = ? AND student_email = ? AND cleared_at IS NULL")
                        .params(Timestamp.from(clock.instant()), mark.sessionId(), mark.studentEmail()).update();
            } catch (RuntimeException e) {
                log.warn("could not clear the flag of {} in session {}: {}", mark.studentEmail(), mark.sessionId(), e.toString());
            }
        });
    }

    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    public void reload() {
        writer.execute(this::load);
    }

    private void load() {
        try {
            Map<String, Set<UUID>> fresh = new ConcurrentHashMap<>();
            jdbc.sql("SELECT student_email, session_id FROM flag_history WHERE cleared_at IS NULL AND flagged_at > ?")
                    .param(Timestamp.from(clock.instant().minus(MEMORY)))
                    .query((rs, i) -> fresh.computeIfAbsent(rs.getString(1), k -> ConcurrentHashMap.newKeySet())
                            .add(rs.getObject(2, UUID.class)))
                    .list();
            uncleared = fresh;
        } catch (RuntimeException e) {
            log.warn("could not reload the flag history, keeping the one in memory: {}", e.toString());
        }
    }
}
