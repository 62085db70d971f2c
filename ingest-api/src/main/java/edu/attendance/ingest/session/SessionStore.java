package edu.attendance.ingest.session;

import edu.attendance.contracts.ManualMark;
import edu.attendance.contracts.SessionClosed;
import edu.attendance.contracts.SessionMode;
import edu.attendance.contracts.SessionOpened;
import edu.attendance.contracts.Topics;
import edu.attendance.ingest.support.Outbox;
import edu.attendance.platform.postgres.ChangeFeed;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The sessions' rows in PostgreSQL and the events that go with them: every open, close and manual mark writes its row
 * and appends its event to the {@link Outbox} in one transaction, so neither exists without the other. No rules here:
 * {@link Sessions} decides, this class stores.
 */
@Component
class SessionStore {

    /** A subject as a session needs it: whose class, whose teacher. */
    record Subject(String subjectId, String classId, String teacherEmail) {
    }

    /** A timetable period: its subject, its weekday (MON…SUN) and when it ends. */
    record Period(Subject subject, String dayOfWeek, LocalTime endTime) {
    }

    /** A session closed by the clock, and when. */
    record AutoClosed(UUID sessionId, Instant closedAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SessionSecrets secrets;
    private final Outbox outbox;
    private final ChangeFeed changes;

    /** The {@link ChangeFeed} channel of early closes: "{@code sessionId closedAt}". */
    static final String CLOSED_CHANNEL = "sessions_closed";

    SessionStore(JdbcClient jdbc, TransactionTemplate tx, SessionSecrets secrets, Outbox outbox, ChangeFeed changes) {
        this.changes = changes;
        this.jdbc = jdbc;
        this.tx = tx;
        this.secrets = secrets;
        this.outbox = outbox;
    }

    Optional<Period> period(String periodId) {
        return jdbc.sql("""
                SELECT p.subject_id, s.class_id, s.teacher_email, p.day_of_week, p.end_time
                FROM periods p JOIN subjects s USING (subject_id) WHERE p.period_id = ?
                """).param(periodId)
                .query((rs, i) -> new Period(new Subject(rs.getString(1), rs.getString(2), rs.getString(3)),
                        rs.getString(4), rs.getObject(5, LocalTime.class)))
                .optional();
    }

    Optional<Subject> subject(String subjectId) {
        return jdbc.sql("SELECT subject_id, class_id, teacher_email FROM subjects WHERE subject_id = ?")
                .param(subjectId)
                .query((rs, i) -> new Subject(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    /** The class's students in roll order. */
    List<SessionOpened.RosterEntry> roster(String classId) {
        return jdbc.sql("SELECT email, name FROM students WHERE class_id = ? ORDER BY roll_no, email")
                .param(classId)
                .query((rs, i) -> new SessionOpened.RosterEntry(rs.getString(1), rs.getString(2)))
                .list();
    }

    /**
     * The row and its {@code SessionOpened} event, together; a second session for the same period and date breaks the
     * unique key ({@link org.springframework.dao.DuplicateKeyException}).
     */
    void insert(OpenSession s, String openedBy, SessionOpened event) {
        tx.executeWithoutResult(t -> {
            jdbc.sql("""
                    INSERT INTO sessions (session_id, period_id, subject_id, session_date, mode, opened_by, started_at,
                      late_at, closes_at, rotation_seconds, secret_enc, location_lat, location_lon, location_acc_m,
                      roster, roster_size, delivery)
                    VALUES (:id, :period, :subject, :date, :mode, :by, :started, :late, :closes, :rotation, :secret,
                      :lat, :lon, :acc, :roster, :size, :delivery)
                    """)
                    .param("id", s.sessionId).param("period", s.periodId).param("subject", s.subjectId)
                    .param("date", s.date).param("mode", s.mode.name()).param("by", openedBy)
                    .param("started", Timestamp.from(s.startedAt)).param("late", Timestamp.from(s.lateAt))
                    .param("closes", Timestamp.from(s.closesAt)).param("rotation", s.rotationSeconds)
                    .param("secret", secrets.encrypt(s.secret, s.sessionId.toString()))
                    .param("lat", s.location == null ? null : s.location.lat())
                    .param("lon", s.location == null ? null : s.location.lon())
                    .param("acc", s.location == null ? null : s.location.accuracyM())
                    .param("roster", event.roster().stream().map(SessionOpened.RosterEntry::email).toArray(String[]::new))
                    .param("size", event.roster().size())
                    .param("delivery", s.delivery.name())
                    .update();
            outbox.append(Topics.SESSION_EVENTS, s.sessionId.toString(), event);
        });
    }

    /** The session a period already has on a date. */
    UUID existing(String periodId, LocalDate date) {
        return jdbc.sql("SELECT session_id FROM sessions WHERE period_id = ? AND session_date = ?")
                .params(periodId, date).query(UUID.class).single();
    }

    Optional<String> teacherOf(String subjectId) {
        return jdbc.sql("SELECT teacher_email FROM subjects WHERE subject_id = ?").param(subjectId)
                .query(String.class).optional();
    }

    /** A page of a subject's sessions, newest first, after {@code before}; open means not closed and not past its end. */
    List<Sessions.Summary> page(String subjectId, LocalDate from, LocalDate to, Sessions.Cursor before, int limit, Instant now) {
        return jdbc.sql("""
                SELECT session_id, subject_id, period_id, session_date, mode, started_at, closed_at, closes_at, roster_size
                FROM sessions
                WHERE subject_id = :subject AND session_date BETWEEN :from AND :to
                  AND (CAST(:beforeAt AS timestamptz) IS NULL OR (started_at, session_id) < (:beforeAt, :beforeId))
                ORDER BY started_at DESC, session_id DESC
                LIMIT :limit
                """)
                .param("subject", subjectId).param("from", from).param("to", to)
                .param("beforeAt", before == null ? null : Timestamp.from(before.startedAt()))
                .param("beforeId", before == null ? new UUID(0, 0) : before.sessionId())
                .param("limit", limit)
                .query((rs, i) -> {
                    Timestamp closed = rs.getTimestamp(7);
                    Instant closesAt = rs.getTimestamp(8).toInstant();
                    boolean open = closed == null && closesAt.isAfter(now);
                    return new Sessions.Summary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getObject(4, LocalDate.class), open ? "OPEN" : "CLOSED", rs.getString(5),
                            rs.getTimestamp(6).toInstant(), closed != null ? closed.toInstant() : (open ? null : closesAt),
                            rs.getInt(9));
                })
                .list();
    }

    Optional<OpenSession> load(UUID id) {
        return jdbc.sql("""
                SELECT s.session_id, s.subject_id, sub.class_id, s.period_id, s.session_date, sub.teacher_email, s.mode,
                       s.started_at, s.late_at, s.closes_at, s.rotation_seconds, s.secret_enc, s.roster, s.closed_at,
                       s.location_lat, s.location_lon, s.location_acc_m, s.delivery
                FROM sessions s JOIN subjects sub USING (subject_id) WHERE s.session_id = ?
                """).param(id)
                .query((rs, i) -> {
                    Array roster = rs.getArray(13);
                    Timestamp closed = rs.getTimestamp(14);
                    Double lat = rs.getObject(15, Double.class);
                    Double lon = rs.getObject(16, Double.class);
                    Double acc = rs.getObject(17, Double.class);
                    return new OpenSession(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, LocalDate.class), rs.getString(6), SessionMode.valueOf(rs.getString(7)),
                            rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant(),
                            rs.getInt(11), secrets.decrypt(rs.getBytes(12), id.toString()),
                            new HashSet<>(Arrays.asList((String[]) roster.getArray())),
                            closed == null ? null : closed.toInstant(),
                            lat == null || lon == null ? null
                                    : new Position(lat, lon, acc == null ? 0 : acc), Delivery.valueOf(rs.getString(18)));
                })
                .optional();
    }

    /**
     * Closes the row now unless it already closed (then its time), with a {@code SessionClosed} when this call closed it,
     * and tells the other instances. The row is locked first, so the captures whose claims are in flight through any
     * instance (they share-lock it, {@code CaptureClaims.claim}) finish before the close is dated, and it is dated after
     * every capture claimed: a phone told 202 is never on the wrong side of the close. Later claims are refused unless
     * captured before it.
     */
    Instant close(UUID sessionId, String by) {
        return tx.execute(status -> {
            Optional<Timestamp> already = jdbc.sql("SELECT closed_at FROM sessions WHERE session_id = ? FOR UPDATE")
                    .param(sessionId).query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1))).single();
            if (already.isPresent()) {
                return already.get().toInstant();
            }
            // a statement of its own, after the lock: it sees every claim committed while the close waited
            Instant closedAt = jdbc.sql("""
                    UPDATE sessions SET closed_by = ?, closed_at = GREATEST(LEAST(clock_timestamp(), closes_at),
                        (SELECT max(captured_at) + interval '1 microsecond' FROM capture_claims WHERE session_id = ?))
                    WHERE session_id = ? RETURNING closed_at
                    """).params(by, sessionId, sessionId).query(Timestamp.class).single().toInstant();
            outbox.append(Topics.SESSION_EVENTS, sessionId.toString(), new SessionClosed(sessionId.toString(), closedAt, by));
            changes.announce(jdbc, CLOSED_CHANNEL, sessionId + " " + closedAt);
            return closedAt;
        });
    }

    /** When these sessions closed, for those that have. */
    Map<UUID, Instant> closedAmong(Collection<UUID> sessionIds) {
        Map<UUID, Instant> closed = new HashMap<>();
        jdbc.sql("SELECT session_id, closed_at FROM sessions WHERE session_id = ANY(?) AND closed_at IS NOT NULL")
                .param(sessionIds.toArray(UUID[]::new))
                .query((RowCallbackHandler) rs -> closed.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant()));
        return closed;
    }

    /** The audit row and the {@code ManualMark} event, together. */
    void mark(ManualMark mark) {
        tx.executeWithoutResult(t -> {
            jdbc.sql("INSERT INTO audit_log (actor, action, target, after) VALUES (?, 'MANUAL_MARK', ?, jsonb_build_object('status', ?::text, 'reason', ?::text))")
                    .params(mark.markedBy(), "session:" + mark.sessionId() + ":" + mark.studentEmail(), mark.status().name(),
                            mark.reason() == null ? "" : mark.reason())
                    .update();
            outbox.append(Topics.MANUAL_MARKS, mark.sessionId(), mark);
        });
    }

    /** Closes up to 500 sessions whose end passed (their end is their close), each with its {@code SessionClosed}. */
    List<AutoClosed> closeExpired() {
        return tx.execute(status -> {
            List<AutoClosed> rows = jdbc.sql("""
                    UPDATE sessions SET closed_at = closes_at, closed_by = 'AUTO'
                    WHERE session_id IN (SELECT session_id FROM sessions WHERE closed_at IS NULL AND closes_at <= now()
                                         ORDER BY closes_at LIMIT 500 FOR UPDATE SKIP LOCKED)
                    RETURNING session_id, closed_at
                    """).query((rs, i) -> new AutoClosed(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant())).list();
            for (AutoClosed row : rows) {
                outbox.append(Topics.SESSION_EVENTS, row.sessionId().toString(),
                        new SessionClosed(row.sessionId().toString(), row.closedAt(), "AUTO"));
            }
            return rows;
        });
    }
}
