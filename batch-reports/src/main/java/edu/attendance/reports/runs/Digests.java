package edu.attendance.reports.runs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The e-mail summaries of the at-risk list and the weekly trends, from the rows the run collected. */
final class Digests {

    private Digests() {
    }

    /** How many students are at risk, by department, the change since the last list, the lowest rates, a link. */
    static Digest atRisk(Function<String, String> departmentName, String dashboard) {
        return new Digest() {
            @Override
            public Map<String, Integer> counts(List<Map<String, ?>> rows) {
                Map<String, Set<String>> students = new LinkedHashMap<>();
                for (Map<String, ?> r : rows) {
                    students.computeIfAbsent(String.valueOf(r.get("departmentId")), k -> new LinkedHashSet<>())
                            .add(String.valueOf(r.get("studentEmail")));
                }
                Map<String, Integer> counts = new LinkedHashMap<>();
                students.forEach((d, s) -> counts.put(d, s.size()));
                return counts;
            }

            @Override
            public String text(List<Map<String, ?>> rows, Map<String, Integer> before, String departmentId) {
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
                List<Map<String, ?>> lowest = new ArrayList<>(rows);
                lowest.sort(Comparator.comparingDouble(r -> rate(r.get("rate"))));
                if (!lowest.isEmpty()) {
                    b.append("\nLowest rates:\n");
                    for (Map<String, ?> r : lowest.subList(0, Math.min(5, lowest.size()))) {
                        b.append("  ").append(r.get("name")).append(" (").append(r.get("classId")).append(") · ").append(r.get("subject"))
                                .append(" · ").append(r.get("rate")).append(" % · ").append(r.get("reasons")).append('\n');
                    }
                }
                b.append("\nOpen the dashboard: ").append(dashboard).append(departmentId == null ? "/#/dash"
                        : "/#/dash/d/" + java.net.URLEncoder.encode(departmentId, java.nio.charset.StandardCharsets.UTF_8)).append('\n');
                return b.toString();
            }
        };
    }

    /** Each department's latest week against the week before. */
    static Digest trends(String dashboard) {
        return new Digest() {
            @Override
            public Map<String, Integer> counts(List<Map<String, ?>> rows) {
                return Map.of();
            }

            @Override
            public String text(List<Map<String, ?>> rows, Map<String, Integer> before, String departmentId) {
                Map<String, List<Map<String, ?>>> byDepartment = new LinkedHashMap<>();
                for (Map<String, ?> r : rows) {
                    byDepartment.computeIfAbsent(String.valueOf(r.get("departmentId")), k -> new ArrayList<>()).add(r);
                }
                StringBuilder b = new StringBuilder(byDepartment.isEmpty() ? "No classes were held in this term yet.\n"
                        : "Attendance in the latest week, by department:\n");
                byDepartment.forEach((d, weeks) -> {
                    weeks.sort(Comparator.comparing(r -> String.valueOf(r.get("bucket"))));
                    Map<String, ?> last = weeks.getLast();
                    b.append("  ").append(last.get("name")).append(": ").append(last.get("rate")).append(" % in the week of ")
                            .append(week(String.valueOf(last.get("bucket"))));
                    if (weeks.size() > 1) {
                        double was = rate(weeks.get(weeks.size() - 2).get("rate"));
                        double is = rate(last.get("rate"));
                        long points = Math.round(is - was);
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
    static String week(String isoDate) {
        try {
            return java.time.LocalDate.parse(isoDate).format(java.time.format.DateTimeFormatter.ofPattern("EEE d MMM", java.util.Locale.ENGLISH));
        } catch (java.time.format.DateTimeParseException e) {
            return isoDate;
        }
    }

    static String change(int now, int was) {
        return now == was ? "no change" : now > was ? "+" + (now - was) : "−" + (was - now);
    }

    private static double rate(Object value) {
        try {
            return value == null || value.toString().isBlank() ? 101 : Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            return 101;
        }
    }
}
