package edu.attendance.ingest.me;

import edu.attendance.ingest.calendar.TermCalendar;
import edu.attendance.ingest.session.Sessions;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the web app shows a person first: who they are, today's periods, what they may mark now. */
@Component
class Timetables {

    public record Profile(String email, String name, String role, String classId, String className, String departmentId,
                          Device device) {
    }

    public record Device(UUID deviceId, String status) {
    }

    public record SessionRef(UUID sessionId, String status) {
    }

    /**
     * {@code cancelled}: the reason its teacher gave when this day's period is cancelled; {@code substituteFor}: the
     * subject's teacher's name when the caller takes the class for them; {@code handedTo}: the name of whoever takes the
     * caller's class that day.
     */
    public record Period(String periodId, String subjectId, String subjectName, String classId, String className,
                         int periodNo, LocalTime startTime, LocalTime endTime, SessionRef session, String cancelled,
                         String substituteFor, String handedTo) {
    }

    public record OpenForStudent(UUID sessionId, String subjectId, String subjectName, String mode, Instant startedAt,
                                 Instant lateAt, Instant closesAt, boolean marked, String delivery) {
    }

    public record Subject(String subjectId, String subjectName, String classId, String className, String teacherEmail) {
    }

    private static final String CLASS_NAME = "c.batch || ' · semester ' || c.semester || ' · section ' || c.section";

    private final JdbcClient jdbc;
    private final Sessions sessions;
    private final AttendanceProperties props;
    private final Clock clock;
    private final TermCalendar calendar;

    public Timetables(JdbcClient jdbc, Sessions sessions, AttendanceProperties props, Clock clock, TermCalendar calendar) {
        this.calendar = calendar;
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.props = props;
        this.clock = clock;
    }

    public Optional<Profile> profile(String email) {
        return jdbc.sql("""
                SELECT u.email, u.name, u.role, st.class_id, %s AS class_name, c.department_id,
                       d.device_id, d.status
                FROM users u
                LEFT JOIN students st ON st.email = u.email
                LEFT JOIN classes c ON c.class_id = st.class_id
                LEFT JOIN LATERAL (SELECT device_id, status FROM devices WHERE user_email = u.email
                                   ORDER BY (status = 'ACTIVE') DESC, requested_at DESC LIMIT 1) d ON true
                WHERE u.email = ?
                """.formatted(CLASS_NAME)).param(email)
                .query((rs, i) -> {
                    UUID deviceId = rs.getObject(7, UUID.class);
                    String department = rs.getString(6);
                    if (department == null) {
                        department = jdbc.sql("SELECT department_id FROM teachers WHERE email = ?").param(email)
                                .query(String.class).optional().orElse(null);
                    }
                    return new Profile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            department, deviceId == null ? null : new Device(deviceId, rs.getString(8)));
                })
                .optional();
    }

    /**
     * A teacher's periods (their own subjects' and those handed to them that day), or a student's class's, on
     * {@code date} as the term calendar holds it (none on a holiday; another weekday's on a swapped teaching day), with the
     * session held for each and a cancellation's reason.
     */
    public List<Period> timetable(CurrentUser user, LocalDate date) {
        Optional<String> held = calendar.timetableDay(date);
        if (held.isEmpty()) {
            return List.of();
        }
        String handed = "EXISTS (SELECT 1 FROM substitutions h WHERE h.subject_id = s.subject_id AND :date BETWEEN h.from_date AND h.to_date"
                + " AND h.substitute_email = :email)";
        String who = user.is(Role.TEACHER) ? "(s.teacher_email = :email OR " + handed + ")"
                : "s.class_id = (SELECT class_id FROM students WHERE email = :email)";
        return jdbc.sql("""
                SELECT p.period_id, p.subject_id, co.name, s.class_id, %s, p.period_no, p.start_time, p.end_time,
                       se.session_id, se.closed_at, se.closes_at, pc.reason, s.teacher_email,
                       (SELECT string_agg(ht.name, ', ' ORDER BY ht.name) FROM substitutions h JOIN teachers ht ON ht.email = h.substitute_email
                          WHERE h.subject_id = s.subject_id AND :date BETWEEN h.from_date AND h.to_date),
                       (SELECT name FROM teachers WHERE email = s.teacher_email)
                FROM periods p
                JOIN subjects s ON s.subject_id = p.subject_id
                JOIN courses co ON co.course_id = s.course_id
                JOIN classes c ON c.class_id = s.class_id
                LEFT JOIN sessions se ON se.period_id = p.period_id AND se.session_date = :date
                LEFT JOIN period_cancellations pc ON pc.period_id = p.period_id AND pc.day = :date
                WHERE p.day_of_week = :day AND %s
                ORDER BY p.start_time, p.period_no, p.period_id
                """.formatted(CLASS_NAME, who))
                .param("email", user.email()).param("date", date).param("day", held.get())
                .query((rs, i) -> {
                    UUID sessionId = rs.getObject(9, UUID.class);
                    SessionRef ref = null;
                    if (sessionId != null) {
                        Timestamp closed = rs.getTimestamp(10);
                        boolean open = closed == null && rs.getTimestamp(11).toInstant().isAfter(clock.instant());
                        ref = new SessionRef(sessionId, open ? "OPEN" : "CLOSED");
                    }
                    String teacher = rs.getString(13);
                    boolean substituting = user.is(Role.TEACHER) && !teacher.equals(user.email());
                    return new Period(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getInt(6), rs.getObject(7, LocalTime.class), rs.getObject(8, LocalTime.class), ref, rs.getString(12),
                            substituting ? rs.getString(15) : null, user.is(Role.TEACHER) && !substituting ? rs.getString(14) : null);
                })
                .list();
    }

    /** The sessions a student may mark now: open, and the student on their roster. */
    public List<OpenForStudent> openFor(CurrentUser user) {
        return jdbc.sql("""
                SELECT se.session_id, se.subject_id, co.name, se.mode, se.started_at, se.late_at, se.closes_at, se.delivery
                FROM sessions se
                JOIN subjects s ON s.subject_id = se.subject_id
                JOIN courses co ON co.course_id = s.course_id
                WHERE se.closed_at IS NULL AND se.closes_at > now() AND :email = ANY (se.roster)
                ORDER BY se.started_at DESC
                LIMIT 20
                """).param("email", user.email())
                .query((rs, i) -> {
                    UUID id = rs.getObject(1, UUID.class);
                    boolean marked = sessions.find(id).map(s -> s.isMarked(user.email())).orElse(false);
                    return new OpenForStudent(id, rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(), marked,
                            rs.getString(8));
                })
                .list();
    }

    /** A teacher's own subjects (ADMIN: every subject), for ad hoc sessions, exports and reports. */
    public List<Subject> subjects(CurrentUser user) {
        String where = user.is(Role.TEACHER) ? "WHERE s.teacher_email = :email" : "";
        return jdbc.sql("""
                SELECT s.subject_id, co.name, s.class_id, %s, s.teacher_email
                FROM subjects s JOIN courses co ON co.course_id = s.course_id JOIN classes c ON c.class_id = s.class_id
                %s ORDER BY co.name, s.class_id
                """.formatted(CLASS_NAME, where)).param("email", user.email())
                .query((rs, i) -> new Subject(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(props.collegeZone()));
    }
}
