package edu.attendance.ingest.session;

import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.contracts.ManualMark;
import edu.attendance.contracts.SessionMode;
import edu.attendance.contracts.SessionOpened;
import edu.attendance.ingest.calendar.CalendarRules;
import edu.attendance.ingest.calendar.TermCalendar;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.postgres.ChangeFeed;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Session lifecycle (docs/rules.md rule 1): open from a period (one per period and date) or ad hoc, close by the
 * teacher (idempotent) or automatically when the end time passes; who may open, list, close and mark what. The rows
 * and their events are {@link SessionStore}'s (one transaction each, through the outbox). Open sessions are cached in
 * memory for the capture hot path.
 */
@Component
public class Sessions {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    public record OpenRequest(String periodId, LocalDate date, String subjectId, Integer durationMinutes,
                              String mode, Integer lateAfterMinutes, Double lat, Double lon, Double accuracyM, Delivery delivery) {
    }

    public record View(UUID sessionId, String status, SessionMode mode, Instant startedAt, Instant lateAt,
                       Instant closesAt, int rosterSize, String subjectId, String periodId, LocalDate date,
                       Instant closedAt, Delivery delivery) {
    }

    private final SessionStore store;
    private final SessionSecrets secrets;
    private final AttendanceProperties props;
    private final SessionSettings settings;
    private final Clock clock;
    private final ApplicationEventPublisher local;
    private final TermCalendar calendar;
    private final Map<UUID, OpenSession> cache = new ConcurrentHashMap<>();

    Sessions(SessionStore store, SessionSecrets secrets, AttendanceProperties props, SessionSettings settings, Clock clock,
             ApplicationEventPublisher local, TermCalendar calendar, ChangeFeed changes) {
        // an early close through another instance: known here at once, and re-read for every open one if notices were lost
        changes.listen(SessionStore.CLOSED_CHANNEL, this::closedElsewhere, this::reloadClosed);
        this.calendar = calendar;
        this.store = store;
        this.secrets = secrets;
        this.props = props;
        this.settings = settings;
        this.clock = clock;
        this.local = local;
    }

    /** For a TEACHER (their own subjects) or an ADMIN (any), as the route allows. */
    public View open(CurrentUser user, OpenRequest r) {
        Instant now = clock.instant();
        LocalDate today = SessionTimes.today(now, props.collegeZone());
        SessionMode mode = r.mode() == null ? SessionMode.QR_AND_OTP : SessionMode.valueOf(r.mode());
        int lateAfter = r.lateAfterMinutes() == null ? settings.lateAfterMinutes() : r.lateAfterMinutes();
        Target target = target(r, now);
        SessionStore.Subject subject = target.subject();
        Instant closesAt = target.closesAt();
        LocalDate date = today;
        // the subject's teacher, or whoever takes its classes today (docs/rules.md, "The term calendar"), runs it
        boolean substitute = user.is(Role.TEACHER) && !subject.teacherEmail().equals(user.email());
        if (substitute && !calendar.substitutes(user.email(), subject.subjectId(), date)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "subject " + subject.subjectId() + " is not yours");
        }
        String runner = substitute ? user.email() : subject.teacherEmail();
        List<SessionOpened.RosterEntry> roster = store.roster(subject.classId());
        UUID id = UUID.randomUUID();
        byte[] secret = secrets.newSecret();
        Instant lateAt = now.plus(Duration.ofMinutes(lateAfter));
        int rotation = settings.qrRotationSeconds();
        SessionOpened event = new SessionOpened(id.toString(), subject.subjectId(), subject.classId(), r.periodId(), date,
                runner, mode, now, lateAt, closesAt, roster);
        OpenSession open = new OpenSession(id, subject.subjectId(), subject.classId(), r.periodId(), date,
                runner, mode, now, lateAt, closesAt, rotation, secret,
                new HashSet<>(roster.stream().map(SessionOpened.RosterEntry::email).toList()), null,
                r.lat() == null ? null : new Position(r.lat(), r.lon(), r.accuracyM() == null ? 0 : r.accuracyM()),
                r.delivery() == null ? Delivery.IN_ROOM : r.delivery());
        try {
            store.insert(open, user.email(), event);
        } catch (DuplicateKeyException e) {
            throw new ApiException(ErrorCode.CONFLICT, "period " + r.periodId() + " already has a session on " + date,
                    Map.of("sessionId", store.existing(r.periodId(), date).toString()));
        }
        cache.put(id, open);
        log.info("session {} opened for {} ({} students)", id, subject.subjectId(), roster.size());
        return view(open);
    }

    /** What a request opens: a subject, and when its session closes. */
    private record Target(SessionStore.Subject subject, Instant closesAt) {
    }

    /** A timetable period (on its day, until its end) or an extra session of some minutes; never both, never neither. */
    private Target target(OpenRequest r, Instant now) {
        if (r.periodId() != null) {
            if (r.subjectId() != null || r.durationMinutes() != null) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "give either periodId (and date) or subjectId and durationMinutes");
            }
            SessionStore.Period period = store.period(r.periodId())
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no period " + r.periodId()));
            LocalDate date = r.date() == null ? SessionTimes.today(now, props.collegeZone()) : r.date();
            String held = calendar.timetableDay(date).orElseThrow(() -> new ApiException(ErrorCode.CONFLICT,
                    date + " is a holiday (" + calendar.day(date).map(CalendarRules.Day::name).orElse("") + "): no period is held"));
            calendar.cancellation(r.periodId(), date).ifPresent(reason -> {
                throw new ApiException(ErrorCode.CONFLICT, "period " + r.periodId() + " is cancelled on " + date + ": " + reason
                        + " (restore it to hold it)");
            });
            return new Target(period.subject(),
                    SessionTimes.periodCloses(r.periodId(), r.date(), held, period.dayOfWeek(), period.endTime(), now, props.collegeZone()));
        }
        if (r.subjectId() != null && r.durationMinutes() != null) {
            Instant closesAt = SessionTimes.extraCloses(r.date(), r.durationMinutes(), now, props.collegeZone());
            return new Target(store.subject(r.subjectId())
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no subject " + r.subjectId())), closesAt);
        }
        throw new ApiException(ErrorCode.VALIDATION_FAILED, "give periodId (and date) or subjectId and durationMinutes");
    }

    /** One row of {@code GET /sessions}. */
    public record Summary(UUID sessionId, String subjectId, String periodId, LocalDate date, String status, String mode,
                          Instant startedAt, Instant closedAt, int rosterSize) {
    }

    /** A page of a subject's sessions, newest first; {@code before} is the last row of the previous page. */
    public List<Summary> list(CurrentUser user, String subjectId, LocalDate from, LocalDate to, Cursor before, int limit) {
        String teacher = store.teacherOf(subjectId)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no subject " + subjectId));
        if (user.is(Role.TEACHER) && !teacher.equals(user.email())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "subject " + subjectId + " is not yours");
        }
        return store.page(subjectId, from, to, before, limit, clock.instant());
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
        // who ran it, the subject's teacher as the database says now, or whoever takes the subject's classes that day
        if (user.is(Role.TEACHER) && !s.teacherEmail.equals(user.email())
                && !store.teacherOf(s.subjectId).map(user.email()::equals).orElse(false)
                && !calendar.substitutes(user.email(), s.subjectId, s.date)) {
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
        Optional<OpenSession> loaded = store.load(id);
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
                s.rosterSize, s.subjectId, s.periodId, s.date, s.closedAt() != null ? s.closedAt() : (s.closed(now) ? s.closesAt : null),
                s.delivery);
    }

    /** Closes the session now (idempotent); returns when it closed. */
    public Instant close(OpenSession s, String by) {
        Instant closedAt = store.close(s.sessionId, by);
        s.closedAt(closedAt);
        return closedAt;
    }

    /**
     * The session closed through another instance at {@code closedAt} (its capture claim said so, or the database's
     * notice): this instance's copy knows it from now on.
     */
    public void closedElsewhere(OpenSession s, Instant closedAt) {
        if (closedAt != null && s.closedAt() == null) {
            s.closedAt(closedAt);
        }
    }

    /** A notice of the change feed: "{@code sessionId closedAt}". */
    private void closedElsewhere(String notice) {
        String[] parts = notice.split(" ", 2);
        OpenSession s = cache.get(UUID.fromString(parts[0]));
        if (s != null) {
            closedElsewhere(s, Instant.parse(parts[1]));
        }
    }

    /** Notices may have been lost: the open sessions this instance holds, as the database has them now. */
    private void reloadClosed() {
        List<UUID> open = cache.values().stream().filter(s -> s.closedAt() == null).map(OpenSession::sessionId).toList();
        if (!open.isEmpty()) {
            store.closedAmong(open).forEach((id, at) -> {
                OpenSession s = cache.get(id);
                if (s != null) {
                    closedElsewhere(s, at);
                }
            });
        }
    }

    /** A teacher's manual mark (rule 5): overrides any decision, before or after close; audited and sent together. */
    public void mark(OpenSession s, String studentEmail, AttendanceStatus status, String reason, String actor) {
        mark(s, studentEmail, status, reason, actor, false);
    }

    /**
     * The same for an approved absence claim: {@code absenceOnly} excuses only an absence (the stream leaves a student
     * who was marked present, late or flagged as they were; docs/rules.md, "Absence claims").
     */
    public void mark(OpenSession s, String studentEmail, AttendanceStatus status, String reason, String actor, boolean absenceOnly) {
        mark(s, studentEmail, status, reason, actor, absenceOnly, CaptureMethod.MANUAL);
    }

    /**
     * The same with the evidence it stands on: {@code MEETING} for a mark from the online meeting's report (absence only:
     * a student who scanned in the room keeps that decision).
     */
    public void mark(OpenSession s, String studentEmail, AttendanceStatus status, String reason, String actor, boolean absenceOnly,
                     CaptureMethod method) {
        if (!s.enrolled(studentEmail)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, studentEmail + " is not on this session's roster");
        }
        Instant now = clock.instant();
        store.mark(new ManualMark(s.sessionId.toString(), studentEmail, status, reason, actor, now, absenceOnly, method));
        s.mark(studentEmail);
        local.publishEvent(new ManualMarked(s.sessionId, studentEmail, status, absenceOnly));
    }

    /** Auto-close (rule 1): sessions whose end time passed, found in the database so a restart loses none. */
    public void closeExpired() {
        try {
            List<UUID> closed = store.closeExpired().stream().map(SessionStore.AutoClosed::sessionId).toList();
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
