package edu.attendance.reports.runs;

import edu.attendance.analytics.AttendanceAnalytics;
import edu.attendance.analytics.HistoryQueries;
import edu.attendance.analytics.StudentSummaries;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.reports.delivery.ReportDelivery;
import edu.attendance.reports.export.ReportTables;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report runs of the API: {@code at-risk} (every department's at-risk list) and {@code trends} (weekly). */
@Configuration(proxyBeanMethods = false)
class RunJobs {

    static final String AT_RISK = "at-risk";
    static final String TRENDS = "trends";
    /** Runs read everything, as an administrator would. */
    private static final CurrentUser SYSTEM = new CurrentUser("report-runs@system", Role.ADMIN);

    private final JdbcClient postgres;
    private final ZoneId zone;
    private final String dashboard;

    public RunJobs(JdbcClient postgres, AttendanceProperties props) {
        this.postgres = postgres;
        this.zone = props.collegeZone();
        this.dashboard = props.reports().dashboardUrl();
    }

    private List<String> departments() {
        return postgres.sql("SELECT department_id FROM departments ORDER BY department_id").query(String.class).list();
    }

    private String departmentName(String id) {
        return postgres.sql("SELECT name FROM departments WHERE department_id = ?").param(id).query(String.class).optional().orElse(id);
    }


    @Bean
    Job atRiskJob(JobRepository repository, PlatformTransactionManager tx, RunFiles files, AttendanceAnalytics reports, ReportDelivery delivery,
                  StudentSummaries summaries) {
        return DepartmentReportJob.build(AT_RISK, repository, tx, files, this::departments,
                new DepartmentReportJob.Rows<>(ReportTables.AtRiskLine.class, ReportTables.AtRiskLine::departmentId),
                department -> ReportTables.atRiskLines(SYSTEM, department, null, reports, summaries),
                ReportTables.atRisk(), "Students at risk", delivery, zone, Digests.atRisk(this::departmentName, dashboard));
    }

    @Bean
    Job trendsJob(JobRepository repository, PlatformTransactionManager tx, RunFiles files, AttendanceAnalytics reports, ReportDelivery delivery) {
        return DepartmentReportJob.build(TRENDS, repository, tx, files, this::departments,
                new DepartmentReportJob.Rows<>(ReportTables.TrendLine.class, ReportTables.TrendLine::departmentId), department -> {
            String name = departmentName(department);
            return reports.trends(SYSTEM, "department", department, "week", null, null).stream()
                    .map((HistoryQueries.Point p) -> new ReportTables.TrendLine(department, name, p.bucket(), p.held(), p.attended(), p.rate(),
                            p.alerts())).toList();
        }, ReportTables.trends(), "Attendance by week and department", delivery, zone, Digests.trends(dashboard));
    }
}
