package edu.attendance.reports.export;

import net.sf.jasperreports.engine.type.HorizontalTextAlignEnum;

import java.util.List;

/** The tabular reports besides the register: the at-risk list, the weekly trends, a student's statement. */
public final class RunReports {

    private RunReports() {
    }

    public static TableRenderer atRisk() {
        return new TableRenderer(() -> TableLayout.compile("at-risk", List.of(
                TableLayout.Column.left("Student", "studentEmail", 170),
                TableLayout.Column.left("Name", "name", 140),
                TableLayout.Column.left("Department", "departmentId", 70),
                TableLayout.Column.left("Class", "classId", 70),
                TableLayout.Column.left("Subject", "subjectId", 70),
                TableLayout.Column.right("Rate %", "rate", 45),
                new TableLayout.Column("Absent in a row", "consecutiveAbsences", 60, HorizontalTextAlignEnum.CENTER),
                TableLayout.Column.left("Reasons", "reasons", 170))), "At-risk");
    }

    public static TableRenderer trends() {
        return new TableRenderer(() -> TableLayout.compile("trends", List.of(
                TableLayout.Column.left("Department", "departmentId", 120),
                TableLayout.Column.left("Name", "name", 200),
                TableLayout.Column.left("Week of", "bucket", 90),
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

    /** An at-risk list as the layout's rows (text from people neutralised). */
    public static List<java.util.Map<String, ?>> atRiskRows(String departmentId,
                                                           List<edu.attendance.dashboard.analytics.Reports.AtRiskRow> list) {
        return list.stream().<java.util.Map<String, ?>>map(r -> {
            java.util.Map<String, String> row = new java.util.LinkedHashMap<>();
            row.put("studentEmail", Cells.neutralise(r.studentEmail()));
            row.put("name", Cells.neutralise(r.name()));
            row.put("departmentId", Cells.neutralise(departmentId));
            row.put("classId", Cells.neutralise(r.classId()));
            row.put("subjectId", Cells.neutralise(r.subjectId()));
            row.put("rate", percent(r.rate()));
            row.put("consecutiveAbsences", Integer.toString(r.consecutiveAbsences()));
            row.put("reasons", String.join(", ", r.reasons()));
            return row;
        }).toList();
    }

    public static String percent(Double rate) {
        return rate == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", rate * 100);
    }
}
