package edu.attendance.ingest.session;

import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.ManualMark;
import edu.attendance.contracts.SessionClosed;
import edu.attendance.contracts.SessionMode;
import edu.attendance.contracts.SessionOpened;
import edu.attendance.contracts.Topics;
import edu.attendance.ingest.support.Outbox;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Session lifecycle (docs/rules.md rule 1): open from a period (one per period and date) or ad hoc, close by the
 * teacher (idempotent) or automatically when the end time passes. Every open, close and manual mark writes its
 * event to the {@link Outbox} in the same transaction as the row, so neither exists without the other; the event
 * reaches Kafka after the commit (at once, or from the relay when Kafka was away). Open sessions are cached in
 * memory for the capture hot path.
 */
@Component
public class Sessions {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    public record OpenRequest(String periodId, LocalDate date, String subjectId, Integer durationMinutes,
                              String mode, Integer lateAfterMinutes, Double lat, Double lon, Double accuracyM) {
    }

    public record View(UUID sessionId, String status, SessionMode mode, Instant startedAt, Instant lateAt,
                       Instant closesAt, int rosterSize, String subjectId, String periodId, LocalDate date,
                       Instant closedAt) {
    }

    /** A timetable period: its subject, its weekday (MON…SUN) and when it ends. */
    private record Period(Subject subject, String dayOfWeek, LocalTime endTime) {
    }

    /** A session closed by the clock, and when. */
    private record AutoClosed(UUID sessionId, Instant closedAt) {
    }

    private record Subject(String subjectId, String classId, String teacherEmail) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SessionSecrets secrets;
    private final Outbox outbox;
    private final AttendanceProperties props;
    private final SessionSettings settings;
    private final Clock clock;
    private final ApplicationEventPublisher local;
    private final Map<UUID, OpenSession> cache = new ConcurrentHashMap<>();

    public Sessions(JdbcClient jdbc, TransactionTemplate tx, SessionSecrets secrets, Outbox outbox,
                    AttendanceProperties props, SessionSettings settings, Clock clock, ApplicationEventPublisher local) {
        this.local = local;
        this.jdbc = jdbc;
        this.tx = tx;
        this.secrets = secrets;
        this.outbox = outbox;
        this.props = props;
        this.settings = settings;
        this.clock = clock;
    }

    /** For a TEACHER (their own subjects) or an ADMIN (any), as the route allows. */
    public View open(CurrentUser user, OpenRequest r) {
        Instant now = clock.instant();
        LocalDate today = SessionTimes.today(now, props.collegeZone());
        SessionMode mode = r.mode() == null ? SessionMode.QR_AND_OTP : SessionMode.valueOf(r.mode());
        int lateAfter = r.lateAfterMinutes() == null ? settings.lateAfterMinutes() : r.lateAfterMinutes();
        Subject subject;
        LocalDate date;
        Instant closesAt;
        if (r.periodId() != null) {
            if (r.subjectId() != null || r.durationMinutes() != null) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "give either periodId (and date) or subjectId and durationMinutes");
            }
            var period = jdbc.sql("""
                    SELECT p.subject_id, s.class_id, s.teacher_email, p.day_of_week, p.end_time
                    FROM periods p JOIN subjects s USING (subject_id) WHERE p.period_id = ?
                    """).param(r.periodId())
                    .query((rs, i) -> new Period(new Subject(rs.getString(1), rs.getString(2), rs.getString(3)),
                            rs.getString(4), rs.getObject(5, LocalTime.class)))
                    .optional()
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no period " + r.periodId()));
            subject = period.subject();
            closesAt = SessionTimes.periodCloses(r.periodId(), r.date(), period.dayOfWeek(), period.endTime(), now, props.collegeZone());
            date = today;
        } else if (r.subjectId() != null && r.durationMinutes() != null) {
            closesAt = SessionTimes.extraCloses(r.date(), r.durationMinutes(), now, props.collegeZone());
            subject = jdbc.sql("SELECT subject_id, class_id, teacher_email FROM subjects WHERE subject_id = ?")
                    .param(r.subjectId())
                    .query((rs, i) -> new Subject(rs.getString(1), rs.getString(2), rs.getString(3)))
                    .optional()
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no subject " + r.subjectId()));
            date = today;
        } else {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "give periodId (and date) or subjectId and durationMinutes");
        }
        if (user.is(Role.TEACHER) && !subject.teacherEmail().equals(user.email())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "subject " + subject.subjectId() + " is not yours");
        }
        List<SessionOpened.RosterEntry> roster = jdbc.sql("SELECT email, name FROM students WHERE class_id = ? ORDER BY roll_no, email")
                .param(subject.classId())
                .query((rs, i) -> new SessionOpened.RosterEntry(rs.getString(1), rs.getString(2)))
                .list();
        UUID id = UUID.randomUUID();
        byte[] secret = secrets.newSecret();
        Instant lateAt = now.plus(Duration.ofMinutes(lateAfter));
        int rotation = settings.qrRotationSeconds();
        SessionOpened event = new SessionOpened(id.toString(), subject.subjectId(), subject.classId(), r.periodId(), date,
                subject.teacherEmail(), mode, now, lateAt, closesAt, roster);
        try {
            tx.executeWithoutResult(s -> {
                jdbc.sql("""
                        INSERT INTO sessions (session_id, period_id, subject_id, session_date, mode, opened_by, started_at,
                          late_at, closes_at, rotation_seconds, secret_enc, location_lat, location_lon, location_acc_m,
                          roster, roster_size)
                        VALUES (:id, :period, :subject, :date, :mode, :by, :started, :late, :closes, :rotation, :secret,
                          :lat, :lon, :acc, :roster, :size)
                        """)
                        .param("id", id).param("period", r.periodId()).param("subject", subject.subjectId())
                        .param("date", date).param("mode", mode.name()).param("by", user.email())
                        .param("started", Timestamp.from(now)).param("late", Timestamp.from(lateAt))
                        .param("closes", Timestamp.from(closesAt)).param("rotation", rotation)
                        .param("secret", secrets.encrypt(secret, id.toString()))
                        .param("lat", r.lat()).param("lon", r.lon()).param("acc", r.accuracyM())
                        .param("roster", roster.stream().map(SessionOpened.RosterEntry::email).toArray(String[]::new))
                        .param("size", roster.size())
                        .update();
                outbox.append(Topics.SESSION_EVENTS, id.toString(), event);
            });
        } catch (DuplicateKeyException e) {
            UUID existing = jdbc.sql("SELECT session_id FROM sessions WHERE period_id = ? AND session_date = ?")
                    .params(r.periodId(), date).query(UUID.class).single();
            throw new ApiException(ErrorCode.CONFLICT, "period " + r.periodId() + " already has a session on " + date,
                    Map.of("sessionId", existing.toString()));
        }
        OpenSession open = new OpenSession(id, subject.subjectId(), subject.classId(), r.periodId(), date,
                subject.teacherEmail(), mode, now, lateAt, closesAt, rotation, secret,
                new HashSet<>(roster.stream().map(SessionOpened.RosterEntry::email).toList()), null,
                r.lat() == null ? null : new Position(r.lat(), r.lon(),
                        r.accuracyM() == null ? 0 : r.accuracyM()));
        cache.put(id, open);
        log.info("session {} opened for {} ({} students)", id, subject.subjectId(), roster.size());
        return view(open);
    }

    /** One row of {@code GET /sessions}. */
    public record Summary(UUID sessionId, String subjectId, String periodId, LocalDate date, String status, String mode,
                          Instant startedAt, Instant closedAt, int rosterSize) {
    }

    /** A page of a subject's sessions, newest first; {@code before} is the last row of the previous page. */
    public List<Summary> list(CurrentUser user, String subjectId, LocalDate from, LocalDate to, Cursor before, int limit) {
        String teacher = jdbc.sql("SELECT teacher_email FROM subjects WHERE subject_id = ?").param(subjectId)
                .query(String.class).optional()
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no subject " + subjectId));
        if (user.is(Role.TEACHER) && !teacher.equals(user.email())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "subject " + subjectId + " is not yours");
        }
        Instant now = clock.instant();
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
                    return new Summary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getObject(4, LocalDate.class), open ? "OPEN" : "CLOSED", rs.getString(5),
                            rs.getTimestamp(6).toInstant(), closed != null ? closed.toInstant() : (open ? null : closesAt),
                            rs.getInt(9));
                })
                .list();
    }

    /** The position after which a page of sessions continues (start, to the nanosecond, and id). */
    public record Cursor(Instant startedAt, UUID sessionId) {
        public String position() {
            return startedAt.getEpochSecond() + "." + startedAt.getNano() + "." + sessionId;
        }

        public static Cursor parse(String position) {
            String[] parts = position.split("\\.", 3);
            return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), UUID.fromString(parts[2]));
        }
    }

    /** The session for a TEACHER who must be its teacher, or an ADMIN (the route admits only those two). */
    public OpenSession owned(CurrentUser user, UUID id) {
        OpenSession s = find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no session " + id));
        if (user.is(Role.TEACHER) && !s.teacherEmail.equals(user.email())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "session " + id + " is not yours");
        }
        return s;
    }

    /** Whether {@link #find} would answer from memory (no database read). */
    public boolean known(UUID id) {
        return cache.containsKey(id);
    }

    public Optional<OpenSession> find(UUID id) {
        OpenSession cached = cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<OpenSession> loaded = jdbc.sql("""
                SELECT s.session_id, s.subject_id, sub.class_id, s.period_id, s.session_date, sub.teacher_email, s.mode,
                       s.started_at, s.late_at, s.closes_at, s.rotation_seconds, s.secret_enc, s.roster, s.closed_at,
                       s.location_lat, s.location_lon, s.location_acc_m
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
                                    : new Position(lat, lon, acc == null ? 0 : acc));
                })
                .optional();
        loaded.ifPresent(s -> {
            if (!s.closed(clock.instant().minus(Duration.ofHours(6)))) {
                cache.putIfAbsent(id, s);
            }
        });
        return loaded.map(s -> cache.getOrDefault(id, s));
    }

    public View view(OpenSession s) {
        Instant now = clock.instant();
        return new View(s.sessionId, s.closed(now) ? "CLOSED" : "OPEN", s.mode, s.startedAt, s.lateAt, s.closesAt,
                s.rosterSize, s.subjectId, s.periodId, s.date, s.closedAt() != null ? s.closedAt() : (s.closed(now) ? s.closesAt : null));
    }

    /** Closes the session now (idempotent); returns when it closed. */
    public Instant close(OpenSession s, String by) {
        Instant closedAt = tx.execute(status -> {
            Optional<Instant> updated = jdbc.sql("""
                    UPDATE sessions SET closed_at = LEAST(now(), closes_at), closed_by = ?
                    WHERE session_id = ? AND closed_at IS NULL RETURNING closed_at
                    """).params(by, s.sessionId).query(Timestamp.class).optional().map(Timestamp::toInstant);
            if (updated.isPresent()) {
                outbox.append(Topics.SESSION_EVENTS, s.sessionId.toString(),
                        new SessionClosed(s.sessionId.toString(), updated.get(), by));
                return updated.get();
            }
            return jdbc.sql("SELECT closed_at FROM sessions WHERE session_id = ?").param(s.sessionId)
                    .query(Timestamp.class).single().toInstant();
        });
        s.closedAt(closedAt);
        return closedAt;
    }

    /** A teacher's manual mark (rule 5): overrides any decision, before or after close; audited and sent together. */
    public void mark(OpenSession s, String studentEmail, AttendanceStatus status, String reason, String actor) {
        if (!s.enrolled(studentEmail)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, studentEmail + " is not on this session's roster");
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(t -> {
            jdbc.sql("INSERT INTO audit_log (actor, action, target, after) VALUES (?, 'MANUAL_MARK', ?, jsonb_build_object('status', ?::text, 'reason', ?::text))")
                    .params(actor, "session:" + s.sessionId + ":" + studentEmail, status.name(), reason == null ? "" : reason)
                    .update();
            outbox.append(Topics.MANUAL_MARKS, s.sessionId.toString(),
                    new ManualMark(s.sessionId.toString(), studentEmail, status, reason, actor, now));
        });
        s.mark(studentEmail);
        local.publishEvent(new ManualMarked(s.sessionId, studentEmail, status));
    }

    /** Auto-close (rule 1): sessions whose end time passed, found in the database so a restart loses none. */
    public void closeExpired() {
        try {
            List<UUID> closed = tx.execute(status -> {
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
                return rows.stream().map(AutoClosed::sessionId).toList();
            });
            for (UUID id : closed) {
                OpenSession s = cache.get(id);
                if (s != null) {
                    s.closedAt(s.closesAt);
                }
            }
            evictOld();
        } catch (RuntimeException e) {
            log.warn("auto-close pass failed, will retry: {}", e.toString());
        }
    }

    private void evictOld() {
        Instant horizon = clock.instant().minus(Duration.ofHours(6));
        cache.values().removeIf(s -> s.endsAt().isBefore(horizon));
    }

}
