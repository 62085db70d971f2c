package edu.attendance.dashboard.reports;

import edu.attendance.platform.clickhouse.ClickHouse;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Per-subject attendance of one student, from ClickHouse history (one row per session and student:
 * {@code FINAL} applies the latest version of every decision). Rate = (present + late) / (held − excused).
 */
@Component
public class StudentSummaries {

    public record SubjectSummary(String subjectId, long held, long present, long late, long absent, long excused,
                                 Double rate) {
    }

    private final ClickHouse clickHouse;
    private final JdbcClient postgres;

    public StudentSummaries(ClickHouse clickHouse, JdbcClient postgres) {
        this.clickHouse = clickHouse;
        this.postgres = postgres;
    }

    public List<SubjectSummary> forStudent(CurrentUser user, String studentEmail) {
        user.require(Role.TEACHER, Role.ADMIN, Role.MANAGEMENT);
        String email = studentEmail.strip().toLowerCase(java.util.Locale.ROOT);
        boolean exists = postgres.sql("SELECT count(*) FROM students WHERE email = ?").param(email)
                .query(Long.class).single() > 0;
        if (!exists) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no student " + email);
        }
        if (user.is(Role.TEACHER)) {
            boolean teaches = postgres.sql("""
                    SELECT count(*) FROM students st JOIN subjects sub ON sub.class_id = st.class_id
                    WHERE st.email = ? AND sub.teacher_email = ?
                    """).params(email, user.email()).query(Long.class).single() > 0;
            if (!teaches) {
                throw new ApiException(ErrorCode.FORBIDDEN, "not a student of your classes");
            }
        }
        return clickHouse.jdbc().query("""
                SELECT subject_id, count() AS held, countIf(status = 'PRESENT') AS present, countIf(status = 'LATE') AS late,
                       countIf(status = 'ABSENT') AS absent, countIf(status = 'EXCUSED') AS excused
                FROM %s.decisions FINAL
                WHERE student_email = ?
                GROUP BY subject_id ORDER BY subject_id
                """.formatted(clickHouse.database()), (rs, i) -> {
            long held = rs.getLong("held");
            long present = rs.getLong("present");
            long late = rs.getLong("late");
            long excused = rs.getLong("excused");
            long countable = held - excused;
            Double rate = countable <= 0 ? null : Math.round((present + late) * 10000.0 / countable) / 10000.0;
            return new SubjectSummary(rs.getString("subject_id"), held, present, late, rs.getLong("absent"), excused, rate);
        }, email);
    }
}
