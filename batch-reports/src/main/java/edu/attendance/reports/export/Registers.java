package edu.attendance.reports.export;

import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.clickhouse.ClickHouse;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * The class register of one subject and month (TEACHER: subjects they teach; ADMIN, MANAGEMENT: all):
 * the class's students from the roster, their decisions from ClickHouse ({@code FINAL}: the latest
 * version of each), rendered by {@link RegisterRenderer}.
 */
@Component
class Registers {

    public record File(String name, String mediaType, byte[] content) {
    }

    private record Subject(String classId, String teacherEmail, String teacherName, String courseName, String departmentId,
                           String batch, int semester, String section) {
    }

    private final JdbcClient postgres;
    private final ClickHouse clickHouse;
    private final RegisterRenderer renderer = new RegisterRenderer();
    private final Clock clock;

    private final ZoneId zone;

    public Registers(JdbcClient postgres, ClickHouse clickHouse, Clock clock, AttendanceProperties props) {
        this.zone = props.collegeZone();
        this.postgres = postgres;
        this.clickHouse = clickHouse;
        this.clock = clock;
    }

    public File register(CurrentUser user, String classId, String subjectId, YearMonth month, ExportFormat format) {
        Subject s = postgres.sql("""
                SELECT sub.class_id, sub.teacher_email, t.name, c.name, cl.department_id, cl.batch, cl.semester, cl.section
                FROM subjects sub JOIN teachers t ON t.email = sub.teacher_email JOIN courses c USING (course_id)
                JOIN classes cl ON cl.class_id = sub.class_id
                WHERE sub.subject_id = ? AND sub.class_id = ?
                """).params(subjectId, classId).query((rs, i) -> new Subject(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8))).optional()
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no subject " + subjectId + " in class " + classId));
        if (user.is(Role.TEACHER) && !user.email().equals(s.teacherEmail())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "not a subject you teach");
        }
        List<RegisterRenderer.Student> students = postgres.sql("""
                SELECT email, roll_no, name FROM students WHERE class_id = ? ORDER BY length(roll_no), roll_no
                """).param(classId).query((rs, i) -> new RegisterRenderer.Student(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        List<RegisterRenderer.Mark> marks = clickHouse.jdbc().query("""
                SELECT student_email, session_date, status FROM %s.decisions FINAL
                WHERE class_id = ? AND subject_id = ? AND session_date BETWEEN ? AND ?
                ORDER BY at
                """.formatted(clickHouse.database()), (rs, i) -> new RegisterRenderer.Mark(rs.getString(1),
                rs.getObject(2, LocalDate.class), AttendanceStatus.valueOf(rs.getString(3))), classId, subjectId,
                Date.valueOf(month.atDay(1)), Date.valueOf(month.atEndOfMonth()));
        String title = "Register · " + classId + " (" + s.departmentId() + ", batch " + s.batch() + ", semester " + s.semester()
                + ", section " + s.section() + ") · " + s.courseName() + " (" + subjectId + ") · "
                + month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear();
        String subtitle = "Teacher: " + s.teacherName() + " · P present, L late, A absent, E excused, F flagged (awaiting review) · generated "
                + ReportWords.when(clock.instant(), zone);
        byte[] content = renderer.render(new RegisterRenderer.Register(title, subtitle, month, students, marks), format);
        String name = "register-" + safe(classId) + "-" + safe(subjectId) + "-" + month + "." + format.extension;
        return new File(name, format.mediaType, content);
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
