package edu.attendance.reports.guardians;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Who may be told about a student (docs/rules.md, "Guardians"): their guardian, only while the college's switch and the
 * student's own are on. Read from the roster's {@code guardians} table.
 */
@Component
public class Guardians {

    public record Guardian(String studentEmail, String name, String email) {
    }

    private final JdbcClient postgres;
    private final GuardianSettings settings;

    Guardians(JdbcClient postgres, GuardianSettings settings) {
        this.postgres = postgres;
        this.settings = settings;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** The student's guardian to tell, if any may be told. */
    public Optional<Guardian> of(String studentEmail) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        return postgres.sql("SELECT student_email, name, email FROM guardians WHERE student_email = ? AND notify")
                .param(studentEmail).query((rs, i) -> new Guardian(rs.getString(1), rs.getString(2), rs.getString(3))).optional();
    }
}
