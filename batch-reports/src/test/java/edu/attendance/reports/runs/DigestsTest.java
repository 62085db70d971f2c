package edu.attendance.reports.runs;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DigestsTest {

    static Map<String, ?> risk(String dept, String email, String name, String rate, String reasons) {
        return Map.of("departmentId", dept, "studentEmail", email, "name", name, "classId", dept + "-1", "subject", "Maths (M)",
                "rate", rate, "reasons", reasons);
    }

    final List<Map<String, ?>> rows = List.of(
            risk("CSE", "a@x", "Asha", "60.0", "below 75 %"),
            risk("CSE", "a@x", "Asha", "70.0", "below 75 %"), // the same student in another subject counts once
            risk("CSE", "b@x", "Bilal", "40.0", "below 75 %; 4 absences in a row"),
            risk("ECE", "c@x", "Chen", "72.5", "below 75 %"));
    final Digest digest = Digests.atRisk(d -> d.equals("CSE") ? "Computer Science" : "Electronics", "https://att.example");

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
        String text = digest.text(rows.stream().filter(r -> r.get("departmentId").equals("ECE")).toList(), Map.of("CSE", 1, "ECE", 3), "ECE");
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
        List<Map<String, ?>> weeks = List.of(
                Map.of("departmentId", "CSE", "name", "Computer Science", "bucket", "2026-11-23", "rate", "84.0"),
                Map.of("departmentId", "CSE", "name", "Computer Science", "bucket", "2026-11-16", "rate", "87.4"),
                Map.of("departmentId", "ECE", "name", "Electronics", "bucket", "2026-11-23", "rate", "90.0"));
        String text = Digests.trends("https://att.example").text(weeks, Map.of(), null);
        assertThat(text).contains("  Computer Science: 84.0 % in the week of Mon 23 Nov (−3 points on the week before)\n")
                .contains("  Electronics: 90.0 % in the week of Mon 23 Nov\n");
    }
}
