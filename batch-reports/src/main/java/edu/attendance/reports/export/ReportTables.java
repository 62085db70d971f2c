package edu.attendance.reports.export;

import edu.attendance.analytics.AttendanceAnalytics;
import edu.attendance.analytics.StudentSummaries;
import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.platform.security.CurrentUser;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tabular reports besides the register: the at-risk list, the weekly trends, a student's statement. */
public final class ReportTables {

    /** A student at risk in a subject: names beside ids, the reasons in words. */
    public record AtRiskLine(String name, String studentEmail, String departmentId, String classId, String subject, Double rate,
                             int consecutiveAbsences, String reasons) {
    }

    /** A department's week: sessions' students held and attended, the rate, the alerts those sessions raised. */
    public record TrendLine(String departmentId, String name, LocalDate week, long held, long attended, Double rate, long alerts) {
    }

    /** One decision in a student's statement. */
    public record StatementLine(LocalDate date, String subjectId, String course, AttendanceStatus status, CaptureMethod method,
                                String time) {
    }

    private ReportTables() {
    }

    public static TableRenderer<AtRiskLine> atRisk() {
        return new TableRenderer<>("at-risk", List.of(
                TableLayout.Column.left("Student", 120, AtRiskLine::name),
                TableLayout.Column.left("E-mail", 150, AtRiskLine::studentEmail),
                TableLayout.Column.left("Class", 50, AtRiskLine::classId),
                TableLayout.Column.left("Subject", 150, AtRiskLine::subject),
                TableLayout.Column.right("Rate %", 40, l -> percent(l.rate())),
                TableLayout.Column.centre("Absences in a row", 72, l -> Integer.toString(l.consecutiveAbsences())),
                TableLayout.Column.left("Why", 220, AtRiskLine::reasons)), "At-risk");
    }

    public static TableRenderer<TrendLine> trends() {
        return new TableRenderer<>("trends", List.of(
                TableLayout.Column.left("Department", 120, TrendLine::departmentId),
                TableLayout.Column.left("Name", 200, TrendLine::name),
                TableLayout.Column.left("Week of", 90, l -> ReportWords.day(l.week())),
                TableLayout.Column.right("Held", 80, l -> Long.toString(l.held())),
                TableLayout.Column.right("Attended", 80, l -> Long.toString(l.attended())),
                TableLayout.Column.right("Rate %", 70, l -> percent(l.rate())),
                TableLayout.Column.right("Alerts", 60, l -> Long.toString(l.alerts()))), "Trends");
    }

    public static TableRenderer<StatementLine> statement() {
        return new TableRenderer<>("statement", List.of(
                TableLayout.Column.left("Date", 80, l -> ReportWords.day(l.date())),
                TableLayout.Column.left("Subject", 90, StatementLine::subjectId),
                TableLayout.Column.left("Course", 260, StatementLine::course),
                TableLayout.Column.left("Status", 90, l -> ReportWords.status(l.status())),
                TableLayout.Column.left("How", 90, l -> ReportWords.method(l.method())),
                TableLayout.Column.left("Time", 80, StatementLine::time)), "Statement");
    }

    /** The at-risk list of a department as {@code user} may read it (the export and the runs). */
    public static List<AtRiskLine> atRiskLines(CurrentUser user, String departmentId, Double threshold, AttendanceAnalytics analytics,
                                               StudentSummaries summaries) {
        var list = analytics.atRisk(user, departmentId, threshold);
        return atRiskLines(departmentId, list, summaries.subjectNames(list.stream().map(AttendanceAnalytics.AtRiskRow::subjectId).distinct().toList()),
                analytics.threshold(threshold), analytics.recentDays());
    }

    /** A department's at-risk list as lines: names beside ids, reasons in words. */
    public static List<AtRiskLine> atRiskLines(String departmentId, List<AttendanceAnalytics.AtRiskRow> list, Map<String, String> subjectNames,
                                               double threshold, int recentDays) {
        return list.stream().map(r -> new AtRiskLine(r.name(), r.studentEmail(), departmentId, r.classId(),
                ReportWords.named(subjectNames.get(r.subjectId()), r.subjectId()), r.rate(), r.consecutiveAbsences(),
                String.join("; ", ReportWords.reasons(r, threshold, recentDays)))).toList();
    }

    /** A rate as a percentage with one decimal ("" when there is none). */
    public static String percent(Double rate) {
        return rate == null ? "" : String.format(Locale.ROOT, "%.1f", rate * 100);
    }
}
