package edu.attendance.reports.export;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One month of one subject as the register's rows, written as PDF or XLSX. */
public final class RegisterRenderer {

    /** A student of the class, in register order. */
    public record Student(String email, String rollNo, String name) {
    }

    /** One decision: the student's status in a session held on a day. */
    public record Mark(String email, LocalDate day, String status) {
    }

    public record Register(String title, String subtitle, YearMonth month, List<Student> students, List<Mark> marks) {
    }

    private final TableRenderer table = new TableRenderer(RegisterLayout::compile, "Register");

    public byte[] render(Register register, ExportFormat format) {
        return table.render(register.title(), register.subtitle(), rows(register), format);
    }

    /** Status letters: PRESENT P, LATE L, ABSENT A, EXCUSED E, FLAGGED F (awaiting the teacher). */
    static String letter(String status) {
        return switch (status) {
            case "PRESENT" -> "P";
            case "LATE" -> "L";
            case "ABSENT" -> "A";
            case "EXCUSED" -> "E";
            case "FLAGGED" -> "F";
            default -> "?";
        };
    }

    /** The rows the layout shows; the renderer neutralises them for spreadsheets. */
    static List<Map<String, ?>> rows(Register register) {
        Map<String, Map<Integer, List<String>>> byStudent = new HashMap<>();
        for (Mark m : register.marks()) {
            if (YearMonth.from(m.day()).equals(register.month())) {
                byStudent.computeIfAbsent(m.email(), k -> new HashMap<>())
                        .computeIfAbsent(m.day().getDayOfMonth(), k -> new ArrayList<>()).add(letter(m.status()));
            }
        }
        List<Map<String, ?>> rows = new ArrayList<>();
        for (Student s : register.students()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("roll", s.rollNo());
            row.put("name", s.name());
            Map<Integer, List<String>> days = byStudent.getOrDefault(s.email(), Map.of());
            int[] totals = new int[4];
            for (int day = 1; day <= RegisterLayout.DAYS; day++) {
                List<String> letters = days.getOrDefault(day, List.of());
                row.put("d" + day, String.join("/", letters));
                for (String l : letters) {
                    switch (l) {
                        case "P" -> totals[0]++;
                        case "L" -> totals[1]++;
                        case "A" -> totals[2]++;
                        case "E" -> totals[3]++;
                        default -> { }
                    }
                }
            }
            for (int i = 0; i < 4; i++) {
                row.put(RegisterLayout.total(RegisterLayout.TOTALS[i]), Integer.toString(totals[i]));
            }
            int held = days.values().stream().mapToInt(List::size).sum();
            int countable = held - totals[3];
            row.put("rate", countable <= 0 ? "" : String.format(java.util.Locale.ROOT, "%.1f", (totals[0] + totals[1]) * 100.0 / countable));
            rows.add(row);
        }
        return rows;
    }
}
