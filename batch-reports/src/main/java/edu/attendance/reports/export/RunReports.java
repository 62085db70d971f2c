package edu.attendance.reports.export;

import net.sf.jasperreports.engine.type.HorizontalTextAlignEnum;

import java.util.List;

/** The layouts of the reports that runs produce: the at-risk list and the weekly trends. */
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
                TableLayout.Column.right("Rate %", "rate", 70))), "Trends");
    }
}
