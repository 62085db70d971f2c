package edu.attendance.ingest.calendar;

import edu.attendance.ingest.audit.AuditLog;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The term calendar (docs/rules.md, "The term calendar"): the college's special days, teachers' cancelled periods and
 * hand-overs of a subject's classes to another teacher. Sessions and timetables ask it what a date holds; who may change
 * what is read from the database on every call.
 */
@Component
public class TermCalendar {

    public record Cancellation(String periodId, LocalDate date, String reason, String cancelledBy, Instant cancelledAt) {
    }

    public record Substitution(UUID substitutionId, String subjectId, String subjectName, String classId, LocalDate from,
                               LocalDate to, String substituteEmail, String substituteName, String teacherEmail, String reason,
                               String assignedBy, Instant assignedAt) {
    }

    public record Imported(int days, int created, int updated) {
    }

    /** A hand-over lasts at most a term's worth of days. */
    static final int MAX_HAND_OVER_DAYS = 180;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditLog auditLog;
    private final AttendanceProperties props;
    private final Clock clock;

    TermCalendar(JdbcClient jdbc, TransactionTemplate tx, AuditLog auditLog, AttendanceProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.tx = tx;
        this.props = props;
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), props.collegeZone());
    }

    // ---- what a date holds (sessions, timetables) ----

    public Optional<CalendarRules.Day> day(LocalDate date) {
        return days(date, date).stream().findFirst();
    }

    /** The weekday code whose periods are held on {@code date}; empty on a holiday. */
    public Optional<String> timetableDay(LocalDate date) {
        return CalendarRules.timetableDay(date, day(date).orElse(null));
    }

    /** Why the period is not held on {@code date}, when its teacher cancelled it. */
    public Optional<String> cancellation(String periodId, LocalDate date) {
        return jdbc.sql("SELECT reason FROM period_cancellations WHERE period_id = ? AND day = ?").params(periodId, date)
                .query(String.class).optional();
    }

    /** Whether {@code email} takes the subject's classes on {@code date} for its teacher. */
    public boolean substitutes(String email, String subjectId, LocalDate date) {
        return jdbc.sql("SELECT count(*) FROM substitutions WHERE substitute_email = ? AND subject_id = ? AND ? BETWEEN from_date AND to_date")
                .params(email, subjectId, date).query(Long.class).single() > 0;
    }

    public List<CalendarRules.Day> days(LocalDate from, LocalDate to) {
        return jdbc.sql("SELECT day, kind, follows, name FROM calendar_days WHERE day BETWEEN ? AND ? ORDER BY day")
                .params(from, to)
                .query((rs, i) -> new CalendarRules.Day(rs.getObject(1, LocalDate.class), CalendarRules.DayKind.valueOf(rs.getString(2)),
                        rs.getString(3) == null ? null : CalendarRules.weekday(rs.getString(3)), rs.getString(4)))
                .list();
    }

    // ---- the office's calendar ----

    /** Adds or replaces every day of a file at once (one transaction), audited. */
    Imported importDays(String admin, List<CalendarRules.Day> days) {
        return tx.execute(t -> {
            int created = 0;
            for (CalendarRules.Day d : days) {
                boolean inserted = jdbc.sql("""
                                INSERT INTO calendar_days (day, kind, follows, name) VALUES (?, ?, ?, ?)
                                ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, follows = EXCLUDED.follows, name = EXCLUDED.name
                                RETURNING (xmax = 0)""")
                        .params(d.date(), d.kind().name(), d.follows() == null ? null : CalendarRules.code(d.follows()), d.name())
                        .query(Boolean.class).single();
                created += inserted ? 1 : 0;
            }
            audit(admin, "CALENDAR_IMPORTED", "calendar:" + days.getFirst().date() + ".." + days.getLast().date(), Map.of("days", days.size()));
            return new Imported(days.size(), created, days.size() - created);
        });
    }

    void deleteDay(String admin, LocalDate date) {
        tx.executeWithoutResult(t -> {
            if (jdbc.sql("DELETE FROM calendar_days WHERE day = ?").param(date).update() == 0) {
                throw new ApiException(ErrorCode.NOT_FOUND, date + " is an ordinary day");
            }
            audit(admin, "CALENDAR_DAY_REMOVED", "calendar:" + date, Map.of());
        });
    }

    // ---- a teacher's cancelled period ----

    private record PeriodRow(String subjectId, String dayOfWeek, String teacherEmail) {
    }

    private PeriodRow period(String periodId) {
        return jdbc.sql("SELECT p.subject_id, p.day_of_week, s.teacher_email FROM periods p JOIN subjects s USING (subject_id) WHERE p.period_id = ?")
                .param(periodId).query((rs, i) -> new PeriodRow(rs.getString(1), rs.getString(2), rs.getString(3))).optional()
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no period " + periodId));
    }

    /** The subject's teacher (as the database says now), whoever takes its classes that day, or an admin. */
    private void requireTeaching(CurrentUser user, String subjectId, String teacherEmail, LocalDate date) {
        if (user.is(Role.TEACHER) && !teacherEmail.equals(user.email()) && !substitutes(user.email(), subjectId, date)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "subject " + subjectId + " is not yours on " + date);
        }
    }

    /**
     * Cancels the period on {@code date} before it is held: nobody is marked, it counts for nobody, its students read the
     * reason on their timetable. Not on a day the period does not meet, not once a session was opened for it.
     */
    Cancellation cancel(CurrentUser user, String periodId, LocalDate date, String reason) {
        PeriodRow p = period(periodId);
        requireTeaching(user, p.subjectId(), p.teacherEmail(), date);
        String why = CalendarRules.reason(reason);
        LocalDate today = today();
        if (date.isBefore(today.minusDays(30)) || date.isAfter(today.plusDays(180))) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "cancel a period within 30 days back and 180 days ahead");
        }
        String held = timetableDay(date).orElseThrow(() -> new ApiException(ErrorCode.CONFLICT, date + " is a holiday: nothing is held"));
        if (!held.equals(p.dayOfWeek())) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "period " + periodId + " does not meet on " + date);
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(t -> {
            // the session row's uniqueness (period, date) and this check in one transaction: lock the period's row
            jdbc.sql("SELECT 1 FROM periods WHERE period_id = ? FOR UPDATE").param(periodId).query(Integer.class).single();
            if (jdbc.sql("SELECT count(*) FROM sessions WHERE period_id = ? AND session_date = ?").params(periodId, date).query(Long.class).single() > 0) {
                throw new ApiException(ErrorCode.CONFLICT, "period " + periodId + " was already held on " + date + "; mark students instead");
            }
            int n = jdbc.sql("INSERT INTO period_cancellations (period_id, day, reason, cancelled_by, cancelled_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(periodId, date, why, user.email(), Timestamp.from(now)).update();
            if (n == 0) {
                throw new ApiException(ErrorCode.CONFLICT, "period " + periodId + " is already cancelled on " + date);
            }
            audit(user.email(), "PERIOD_CANCELLED", "period:" + periodId + ":" + date, Map.of("reason", why));
        });
        return new Cancellation(periodId, date, why, user.email(), now);
    }

    /** The period is held after all. */
    void restore(CurrentUser user, String periodId, LocalDate date) {
        PeriodRow p = period(periodId);
        requireTeaching(user, p.subjectId(), p.teacherEmail(), date);
        tx.executeWithoutResult(t -> {
            if (jdbc.sql("DELETE FROM period_cancellations WHERE period_id = ? AND day = ?").params(periodId, date).update() == 0) {
                throw new ApiException(ErrorCode.NOT_FOUND, "period " + periodId + " is not cancelled on " + date);
            }
            audit(user.email(), "PERIOD_RESTORED", "period:" + periodId + ":" + date, Map.of());
        });
    }

    // ---- hand-overs ----

    /** The subject's teacher or an admin hands the subject's classes from–to to another teacher. */
    Substitution handOver(CurrentUser user, String subjectId, LocalDate from, LocalDate to, String substitute, String reason) {
        CalendarRules.checkHandOver(from, to, today(), MAX_HAND_OVER_DAYS);
        String teacher = jdbc.sql("SELECT teacher_email FROM subjects WHERE subject_id = ?").param(subjectId).query(String.class).optional()
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no subject " + subjectId));
        if (user.is(Role.TEACHER) && !teacher.equals(user.email())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "subject " + subjectId + " is not yours");
        }
        if (teacher.equals(substitute)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, substitute + " already teaches " + subjectId);
        }
        if (jdbc.sql("SELECT count(*) FROM teachers WHERE email = ?").param(substitute).query(Long.class).single() == 0) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no teacher " + substitute);
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (why != null && why.length() > 300) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a reason is at most 300 characters");
        }
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(t -> {
            jdbc.sql("""
                            INSERT INTO substitutions (substitution_id, subject_id, from_date, to_date, substitute_email, reason, assigned_by, assigned_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, subjectId, from, to, substitute, why, user.email(), Timestamp.from(clock.instant())).update();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("substitute", substitute);
            after.put("from", from.toString());
            after.put("to", to.toString());
            audit(user.email(), "CLASSES_HANDED_OVER", "subject:" + subjectId, after);
        });
        return substitutions("s.substitution_id = ?", List.of(id)).getFirst();
    }

    /** Hand-overs not yet over: a teacher's own (given or taken), every one for an admin. */
    List<Substitution> substitutions(CurrentUser user) {
        if (user.is(Role.ADMIN)) {
            return substitutions("s.to_date >= ?", List.of(today()));
        }
        return substitutions("s.to_date >= ? AND (s.substitute_email = ? OR sub.teacher_email = ?)", List.of(today(), user.email(), user.email()));
    }

    void withdraw(CurrentUser user, UUID id) {
        Substitution s = substitutions("s.substitution_id = ?", List.of(id)).stream().findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no hand-over " + id));
        if (user.is(Role.TEACHER) && !s.teacherEmail().equals(user.email()) && !s.substituteEmail().equals(user.email())) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no hand-over " + id);
        }
        tx.executeWithoutResult(t -> {
            jdbc.sql("DELETE FROM substitutions WHERE substitution_id = ?").param(id).update();
            audit(user.email(), "HAND_OVER_WITHDRAWN", "subject:" + s.subjectId(), Map.of("substitute", s.substituteEmail()));
        });
    }

    private List<Substitution> substitutions(String where, List<Object> params) {
        return jdbc.sql("""
                        SELECT s.substitution_id, s.subject_id, co.name, sub.class_id, s.from_date, s.to_date, s.substitute_email, t.name,
                               sub.teacher_email, s.reason, s.assigned_by, s.assigned_at
                        FROM substitutions s JOIN subjects sub ON sub.subject_id = s.subject_id JOIN courses co ON co.course_id = sub.course_id
                        JOIN teachers t ON t.email = s.substitute_email
                        WHERE\s""" + where + " ORDER BY s.from_date, s.subject_id")
                .params(params)
                .query((rs, i) -> new Substitution(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, LocalDate.class), rs.getObject(6, LocalDate.class), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getString(11), rs.getTimestamp(12).toInstant()))
                .list();
    }

    private void audit(String actor, String action, String target, Map<String, ?> after) {
        auditLog.write(actor, action, target, after);
    }
}
