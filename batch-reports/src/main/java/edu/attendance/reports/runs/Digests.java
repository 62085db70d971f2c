package edu.attendance.reports.runs;

import edu.attendance.reports.export.ReportTables.AtRiskLine;
import edu.attendance.reports.export.ReportTables.TrendLine;
import edu.attendance.reports.export.ReportTables;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The e-mail summaries of the at-risk list and the weekly trends, from the rows the run collected. */
final class Digests {

    private Digests() {
    }

    /** How many students are at risk, by department, the change since the last list, the lowest rates, a link. */
    static Digest<AtRiskLine> atRisk(Function<String, String> departmentName, String dashboard) {
        return new Digest<>() {
            @Override
            public Map<String, Integer> counts(List<AtRiskLine> rows) {
                Map<String, Set<String>> students = new LinkedHashMap<>();
                for (AtRiskLine r : rows) {
                    students.computeIfAbsent(r.departmentId(), k -> new LinkedHashSet<>()).add(r.studentEmail());
                }
                Map<String, Integer> counts = new LinkedHashMap<>();
                students.forEach((d, s) -> counts.put(d, s.size()));
                return counts;
            }

            @Override
            public String text(List<AtRiskLine> rows, Map<String, Integer> before, String departmentId) {
                Map<String, Integer> now = counts(rows);
                int total = now.values().stream().mapToInt(Integer::intValue).sum();
                int was = departmentId == null ? before.values().stream().mapToInt(Integer::intValue).sum()
                        : before.getOrDefault(departmentId, 0);
                StringBuilder b = new StringBuilder();
                b.append(total == 0 ? "No student is at risk" : total + (total == 1 ? " student is" : " students are") + " at risk");
                if (!before.isEmpty()) {
                    b.append(" (").append(change(total, was)).append(" since the last list)");
                }
                b.append(".\n");
                if (departmentId == null) {
                    now.forEach((d, n) -> b.append("  ").append(departmentName.apply(d)).append(": ").append(n)
                            .append(before.isEmpty() ? "" : " (" + change(n, before.getOrDefault(d, 0)) + ")").append('\n'));
                }
                List<AtRiskLine> lowest = new ArrayList<>(rows);
                lowest.sort(Comparator.comparingDouble(r -> r.rate() == null ? 2 : r.rate()));
                if (!lowest.isEmpty()) {
                    b.append("\nLowest rates:\n");
                    for (AtRiskLine r : lowest.subList(0, Math.min(5, lowest.size()))) {
                        b.append("  ").append(r.name()).append(" (").append(r.classId()).append(") · ").append(r.subject())
                                .append(" · ").append(ReportTables.percent(r.rate())).append(" % · ").append(r.reasons()).append('\n');
                    }
                }
                b.append("\nOpen the dashboard: ").append(dashboard).append(departmentId == null ? "/#/dash"
                        : "/#/dash/d/" + URLEncoder.encode(departmentId, StandardCharsets.UTF_8)).append('\n');
                return b.toString();
            }
        };
    }

    /** Each department's latest week against the week before. */
    static Digest<TrendLine> trends(String dashboard) {
        return new Digest<>() {
            @Override
            public Map<String, Integer> counts(List<TrendLine> rows) {
                return Map.of();
            }

            @Override
            public String text(List<TrendLine> rows, Map<String, Integer> before, String departmentId) {
                Map<String, List<TrendLine>> byDepartment = new LinkedHashMap<>();
                for (TrendLine r : rows) {
                    byDepartment.computeIfAbsent(r.departmentId(), k -> new ArrayList<>()).add(r);
                }
                StringBuilder b = new StringBuilder(byDepartment.isEmpty() ? "No classes were held in this term yet.\n"
                        : "Attendance in the latest week, by department:\n");
                byDepartment.forEach((d, weeks) -> {
                    weeks.sort(Comparator.comparing(TrendLine::week));
                    TrendLine last = weeks.getLast();
                    b.append("  ").append(last.name()).append(": ").append(ReportTables.percent(last.rate())).append(" % in the week of ")
                            .append(week(last.week()));
                    TrendLine previous = weeks.size() > 1 ? weeks.get(weeks.size() - 2) : null;
                    if (previous != null && previous.rate() != null && last.rate() != null) {
                        long points = Math.round((last.rate() - previous.rate()) * 100);
                        b.append(" (").append(points == 0 ? "as the week before" : (points > 0 ? "+" : "−") + Math.abs(points)
                                + " points on the week before").append(')');
                    }
                    b.append('\n');
                });
                b.append("\nOpen the dashboard: ").append(dashboard).append("/#/dash\n");
                return b.toString();
            }
        };
    }

    /** "Mon 23 Nov" for a week's first day. */
    static String week(LocalDate day) {
        return day.format(DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH));
    }

    static String change(int now, int was) {
        return now == was ? "no change" : now > was ? "+" + (now - was) : "−" + (was - now);
    }
}
