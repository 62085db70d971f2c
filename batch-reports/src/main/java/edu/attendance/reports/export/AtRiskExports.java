package edu.attendance.reports.export;

import edu.attendance.analytics.AttendanceAnalytics;
import edu.attendance.analytics.StudentSummaries;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.CurrentUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

/** A department's at-risk list as a file, as the at-risk report shows it to the caller. */
@Component
class AtRiskExports {

    private final AttendanceAnalytics analytics;
    private final StudentSummaries summaries;
    private final JdbcClient postgres;
    private final ZoneId zone;
    private final Clock clock;
    private final TableRenderer<ReportTables.AtRiskLine> renderer = ReportTables.atRisk();

    public AtRiskExports(AttendanceAnalytics analytics, StudentSummaries summaries, JdbcClient postgres, AttendanceProperties props,
                         Clock clock) {
        this.analytics = analytics;
        this.summaries = summaries;
        this.postgres = postgres;
        this.zone = props.collegeZone();
        this.clock = clock;
    }

    public Registers.File export(CurrentUser user, String departmentId, Double threshold, ExportFormat format) {
        List<ReportTables.AtRiskLine> lines = ReportTables.atRiskLines(user, departmentId, threshold, analytics, summaries);
        String department = ReportWords.named(postgres.sql("SELECT name FROM departments WHERE department_id = ?")
                .param(departmentId).query(String.class).optional().orElse(null), departmentId);
        byte[] content = renderer.render("Students at risk · " + department,
                lines.size() + (lines.size() == 1 ? " row" : " rows") + " · generated " + ReportWords.when(clock.instant(), zone),
                lines, format);
        return new Registers.File("at-risk-" + departmentId.replaceAll("[^A-Za-z0-9._-]", "_") + "." + format.extension, format.mediaType,
                content);
    }
}
