package edu.attendance.reports.export;

import net.sf.jasperreports.engine.type.HorizontalTextAlignEnum;

import java.util.List;

/** The tabular reports besides the register: the at-risk list, the weekly trends, a student's statement. */
public final class RunReports {

    private RunReports() {
    }

    public static TableRenderer atRisk() {
        return new TableRenderer(() -> TableLayout.compile("at-risk", List.of(
                TableLayout.Column.left("Student", "name", 120),
                TableLayout.Column.left("E-mail", "studentEmail", 150),
                TableLayout.Column.left("Class", "classId", 50),
                TableLayout.Column.left("Subject", "subject", 150),
                TableLayout.Column.right("Rate %", "rate", 40),
                new TableLayout.Column("Absences in a row", "consecutiveAbsences", 72, HorizontalTextAlignEnum.CENTER),
                TableLayout.Column.left("Why", "reasons", 220))), "At-risk");
    }

    public static TableRenderer trends() {
        return new TableRenderer(() -> TableLayout.compile("trends", List.of(
                TableLayout.Column.left("Department", "departmentId", 120),
                TableLayout.Column.left("Name", "name", 200),
                TableLayout.Column.left("Week of", "week", 90),
                TableLayout.Column.right("Held", "held", 80),
                TableLayout.Column.right("Attended", "attended", 80),
                TableLayout.Column.right("Rate %", "rate", 70),
                TableLayout.Column.right("Alerts", "alerts", 60))), "Trends");
    }

    public static TableRenderer statement() {
        return new TableRenderer(() -> TableLayout.compile("statement", List.of(
                TableLayout.Column.left("Date", "date", 80),
                TableLayout.Column.left("Subject", "subjectId", 90),
                TableLayout.Column.left("Course", "course", 260),
                TableLayout.Column.left("Status", "status", 90),
                TableLayout.Column.left("How", "method", 90),
                TableLayout.Column.left("Time", "time", 80))), "Statement");
    }

    /** The at-risk list of a department as {@code user} may read it, as the layout's rows (the export and the runs). */
    public static List<java.util.Map<String, ?>> atRiskRows(edu.attendance.platform.security.CurrentUser user, String departmentId,
                                                           Double threshold, edu.attendance.analytics.AttendanceAnalytics reports,
                                                           edu.attendance.analytics.StudentSummaries summaries) {
        var list = reports.atRisk(user, departmentId, threshold);
        return atRiskRows(departmentId, list, summaries.subjectNames(list.stream().map(r -> r.subjectId()).distinct().toList()),
                reports.threshold(threshold), reports.recentDays());
    }

    /** A department's at-risk list as the layout's rows: names beside ids, reasons in words (the renderer neutralises them for spreadsheets). */
    public static List<java.util.Map<String, ?>> atRiskRows(String departmentId, List<edu.attendance.analytics.AttendanceAnalytics.AtRiskRow> list,
                                                           java.util.Map<String, String> subjectNames, double threshold, int recentDays) {
        return list.stream().<java.util.Map<String, ?>>map(r -> {
            java.util.Map<String, String> row = new java.util.LinkedHashMap<>();
            row.put("name", r.name());
            row.put("studentEmail", r.studentEmail());
            row.put("departmentId", departmentId); // not a column: the delivery step picks a department's rows by it
            row.put("classId", r.classId());
            row.put("subject", ReportWords.named(subjectNames.get(r.subjectId()), r.subjectId()));
            row.put("rate", percent(r.rate()));
            row.put("consecutiveAbsences", Integer.toString(r.consecutiveAbsences()));
            row.put("reasons", String.join("; ", ReportWords.reasons(r, threshold, recentDays)));
            return row;
        }).toList();
    }

    public static String percent(Double rate) {
        return rate == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", rate * 100);
    }
}
