package edu.attendance.reports.delivery;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;

/**
 * Who receives which scheduled report (management and admins subscribe themselves), in
 * {@code report_subscriptions}; a subscription without a department covers every department.
 */
@Component
class Subscriptions {

    public static final Set<String> JOBS = Set.of("at-risk", "trends");

    /** A subscription; {@code departmentId} null = every department. */
    @Schema(name = "ReportSubscription")
    public record Subscription(String email, String job, String departmentId) {
    }

    private final JdbcClient postgres;

    public Subscriptions(JdbcClient postgres) {
        this.postgres = postgres;
    }

    public List<Subscription> mine(CurrentUser user) {
        return postgres.sql("""
                SELECT DISTINCT email, job, department_id FROM report_subscriptions WHERE email = ? ORDER BY job, department_id NULLS FIRST
                """).param(user.email()).query((rs, i) -> new Subscription(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    /** Subscribes the caller to a report, for every department ({@code departmentId} null) or for one. */
    public void subscribe(CurrentUser user, String job, String departmentId) {
        String j = known(job);
        if (departmentId != null && postgres.sql("SELECT count(*) FROM departments WHERE department_id = ?").param(departmentId)
                .query(Long.class).single() == 0) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no department " + departmentId);
        }
        postgres.sql("""
                INSERT INTO report_subscriptions (email, job, department_id)
                SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM report_subscriptions
                                               WHERE email = ? AND job = ? AND department_id IS NOT DISTINCT FROM ?)
                """).params(user.email(), j, departmentId, user.email(), j, departmentId).update();
    }

    public void unsubscribe(CurrentUser user, String job, String departmentId) {
        postgres.sql("DELETE FROM report_subscriptions WHERE email = ? AND job = ? AND department_id IS NOT DISTINCT FROM ?")
                .params(user.email(), known(job), departmentId).update();
    }

    /**
     * The subscriptions to a job of people who may still read reports (verified, not blocked, still management
     * or admin); one who asked for every department gets nothing per department besides.
     */
    public List<Subscription> subscribers(String job) {
        return postgres.sql("""
                SELECT DISTINCT s.email, s.job, s.department_id FROM report_subscriptions s JOIN users u USING (email)
                WHERE s.job = ? AND u.verified AND NOT u.blocked AND u.role IN ('ADMIN', 'MANAGEMENT')
                  AND (s.department_id IS NULL OR NOT EXISTS (SELECT 1 FROM report_subscriptions a
                                                              WHERE a.email = s.email AND a.job = s.job AND a.department_id IS NULL))
                ORDER BY s.email, s.department_id NULLS FIRST
                """).param(job).query((rs, i) -> new Subscription(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    private static String known(String job) {
        if (!JOBS.contains(job)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no report " + job + "; there are " + JOBS.stream().sorted().toList());
        }
        return job;
    }
}
