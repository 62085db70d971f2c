package edu.attendance.ingest.auth;

import edu.attendance.platform.security.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Optional;

/** People who may log in. */
@Component
public class Users {

    public record User(String email, String name, Role role, boolean verified, boolean blocked) {
    }

    private final JdbcClient jdbc;

    public Users(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<User> find(String email) {
        return jdbc.sql("SELECT email, name, role, verified, blocked FROM users WHERE email = ?")
                .param(normalise(email))
                .query((rs, i) -> new User(rs.getString(1), rs.getString(2), Role.valueOf(rs.getString(3)),
                        rs.getBoolean(4), rs.getBoolean(5)))
                .optional();
    }

    public void ensureAdmin(String email) {
        jdbc.sql("""
                INSERT INTO users (email, name, role, verified) VALUES (?, 'Administrator', 'ADMIN', true)
                ON CONFLICT (email) DO UPDATE SET role = 'ADMIN', verified = true
                """).param(normalise(email)).update();
    }

    public static String normalise(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
