package edu.attendance.ingest.auth;

import edu.attendance.platform.security.Accounts;
import edu.attendance.platform.security.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** People who may log in. */
@Component
class Users {

    public record User(String email, String name, Role role, boolean verified, boolean blocked) {
    }

    private final JdbcClient jdbc;
    private final Accounts accounts;

    public Users(JdbcClient jdbc, Accounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    public Optional<User> find(String email) {
        return jdbc.sql("SELECT email, name, role, verified, blocked FROM users WHERE email = ?")
                .param(normalise(email))
                .query((rs, i) -> new User(rs.getString(1), rs.getString(2), Role.valueOf(rs.getString(3)),
                        rs.getBoolean(4), rs.getBoolean(5)))
                .optional();
    }

    public void ensureAdmin(String email) {
        accounts.changed(normalise(email));
        jdbc.sql("""
                INSERT INTO users (email, name, role, verified) VALUES (?, 'Administrator', 'ADMIN', true)
                ON CONFLICT (email) DO UPDATE SET role = 'ADMIN', verified = true
                """).param(normalise(email)).update();
    }

    /** One row of the admin's list of accounts. */
    public record Account(String email, String name, Role role, boolean verified, boolean blocked, String blockedReason) {
    }

    /** Accounts by e-mail after {@code after} (null: from the start), of a role and blocked state when given, at most {@code limit}. */
    public List<Account> list(Role role, Boolean blocked, String after, int limit) {
        return jdbc.sql("""
                        SELECT email, name, role, verified, blocked, blocked_reason FROM users
                        WHERE (CAST(:role AS text) IS NULL OR role = :role)
                          AND (CAST(:blocked AS boolean) IS NULL OR blocked = :blocked)
                          AND (CAST(:after AS text) IS NULL OR email > :after)
                        ORDER BY email LIMIT :limit
                        """)
                .param("role", role == null ? null : role.name()).param("blocked", blocked).param("after", after)
                .param("limit", limit)
                .query((rs, i) -> new Account(rs.getString(1), rs.getString(2), Role.valueOf(rs.getString(3)), rs.getBoolean(4),
                        rs.getBoolean(5), rs.getString(6)))
                .list();
    }

    /**
     * Verifies an administrator or a management member (created, or renamed and re-roled), audited as done by
     * {@code actor}; false when the e-mail is a teacher's or a student's of the roster, which this never changes.
     */
    @Transactional
    public boolean verifyStaff(String actor, String email, String name, Role role) {
        if (role != Role.ADMIN && role != Role.MANAGEMENT) {
            throw new IllegalArgumentException("only ADMIN or MANAGEMENT accounts are verified by hand: " + role);
        }
        int changed = jdbc.sql("""
                INSERT INTO users (email, name, role, verified) VALUES (?, ?, ?, true)
                ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, verified = true
                WHERE users.role IN ('ADMIN', 'MANAGEMENT')
                """).params(email, name, role.name()).update();
        if (changed == 0) {
            return false;
        }
        accounts.changed(email);
        jdbc.sql("INSERT INTO audit_log (actor, action, target, after) VALUES (?, 'USER_VERIFIED', ?, jsonb_build_object('role', ?::text))")
                .params(actor, "user:" + email, role.name()).update();
        return true;
    }

    public static String normalise(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
