package edu.attendance.reports.delivery;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;

/**
 * Who receives which scheduled report (management and admins subscribe themselves), in
 * {@code report_subscriptions}; a subscription without a department covers every department.
 */
@Component
public class Subscriptions {

    public static final Set<String> JOBS = Set.of("at-risk", "trends");

    private final JdbcClient postgres;

    public Subscriptions(JdbcClient postgres) {
        this.postgres = postgres;
    }

    public List<String> mine(CurrentUser user) {
        user.require(Role.ADMIN, Role.MANAGEMENT);
        return postgres.sql("SELECT DISTINCT job FROM report_subscriptions WHERE email = ? AND department_id IS NULL ORDER BY job")
                .param(user.email())
                .query(String.class).list();
    }

    public void subscribe(CurrentUser user, String job) {
        user.require(Role.ADMIN, Role.MANAGEMENT);
        String j = known(job);
        postgres.sql("""
                INSERT INTO report_subscriptions (email, job)
                SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM report_subscriptions WHERE email = ? AND job = ? AND department_id IS NULL)
                """).params(user.email(), j, user.email(), j).update();
    }

    public void unsubscribe(CurrentUser user, String job) {
        user.require(Role.ADMIN, Role.MANAGEMENT);
        postgres.sql("DELETE FROM report_subscriptions WHERE email = ? AND job = ? AND department_id IS NULL")
                .params(user.email(), known(job)).update();
    }

    /** The subscribers of a job who may still read reports (verified, not blocked, still management or admin). */
    public List<String> subscribers(String job) {
        return postgres.sql("""
                SELECT DISTINCT s.email FROM report_subscriptions s JOIN users u USING (email)
                WHERE s.job = ? AND u.verified AND NOT u.blocked AND u.role IN ('ADMIN', 'MANAGEMENT')
                ORDER BY s.email
                """).param(job).query(String.class).list();
    }

    private static String known(String job) {
        if (!JOBS.contains(job)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no report " + job + "; there are " + JOBS.stream().sorted().toList());
        }
        return job;
    }
}
