package edu.attendance.reports.runs;

import edu.attendance.reports.export.ReportTables.AtRiskLine;
import edu.attendance.reports.export.ReportTables.TrendLine;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DigestsTest {

    static AtRiskLine risk(String dept, String email, String name, double rate, String reasons) {
        return new AtRiskLine(name, email, dept, dept + "-1", "Maths (M)", rate, 0, reasons);
    }

    final List<AtRiskLine> rows = List.of(
            risk("CSE", "a@x", "Asha", 0.60, "below 75 %"),
            risk("CSE", "a@x", "Asha", 0.70, "below 75 %"), // the same student in another subject counts once
            risk("CSE", "b@x", "Bilal", 0.40, "below 75 %; 4 absences in a row"),
            risk("ECE", "c@x", "Chen", 0.725, "below 75 %"));
    final Digest<AtRiskLine> digest = Digests.atRisk(d -> d.equals("CSE") ? "Computer Science" : "Electronics", "https://att.example");

    @Test
    void studentsAreCountedOncePerDepartment() {
        assertThat(digest.counts(rows)).containsExactly(Map.entry("CSE", 2), Map.entry("ECE", 1));
    }

    @Test
    void theWholeListSaysHowManyWhereTheChangeAndTheLowest() {
        String text = digest.text(rows, Map.of("CSE", 1, "ECE", 1), null);
        assertThat(text).startsWith("3 students are at risk (+1 since the last list).")
                .contains("  Computer Science: 2 (+1)\n").contains("  Electronics: 1 (no change)\n")
                .contains("Lowest rates:\n  Bilal (CSE-1) · Maths (M) · 40.0 % · below 75 %; 4 absences in a row\n  Asha (CSE-1)")
                .endsWith("Open the dashboard: https://att.example/#/dash\n");
    }

    @Test
    void aDepartmentsPartComparesWithThatDepartmentAndLinksToIt() {
        String text = digest.text(rows.stream().filter(r -> r.departmentId().equals("ECE")).toList(), Map.of("CSE", 1, "ECE", 3), "ECE");
        assertThat(text).startsWith("1 student is at risk (−2 since the last list).").doesNotContain("Computer Science")
                .endsWith("https://att.example/#/dash/d/ECE\n");
    }

    @Test
    void aFirstListHasNothingToCompareAndAnEmptyOneSaysSo() {
        assertThat(digest.text(rows, Map.of(), null)).startsWith("3 students are at risk.\n").doesNotContain("since");
        assertThat(digest.text(List.of(), Map.of("CSE", 2), null)).startsWith("No student is at risk (−2 since the last list).");
    }

    @Test
    void trendsGiveEachDepartmentsLatestWeekAgainstTheOneBefore() {
        List<TrendLine> weeks = List.of(
                new TrendLine("CSE", "Computer Science", LocalDate.of(2026, 11, 23), 100, 84, 0.84, 0),
                new TrendLine("CSE", "Computer Science", LocalDate.of(2026, 11, 16), 100, 87, 0.874, 0),
                new TrendLine("ECE", "Electronics", LocalDate.of(2026, 11, 23), 10, 9, 0.90, 0));
        String text = Digests.trends("https://att.example").text(weeks, Map.of(), null);
        assertThat(text).contains("  Computer Science: 84.0 % in the week of Mon 23 Nov (−3 points on the week before)\n")
                .contains("  Electronics: 90.0 % in the week of Mon 23 Nov\n");
    }
}
