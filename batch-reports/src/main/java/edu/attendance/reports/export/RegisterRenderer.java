package edu.attendance.reports.export;

import edu.attendance.contracts.AttendanceStatus;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One month of one subject as the register's rows, written as PDF or XLSX. */
final class RegisterRenderer {

    /** A student of the class, in register order. */
    public record Student(String email, String rollNo, String name) {
    }

    /** One decision: the student's status in a session held on a day. */
    public record Mark(String email, LocalDate day, AttendanceStatus status) {
    }

    public record Register(String title, String subtitle, YearMonth month, List<Student> students, List<Mark> marks) {
    }

    /**
     * A student's row: roll number, name, each day's letters ({@code days.get(0)} is the 1st; several sessions joined
     * by "/"), the month's counts and its rate ({@code null} when nothing countable was held).
     */
    public record Line(String roll, String name, List<String> days, int present, int late, int absent, int excused, Double rate) {

        public Line {
            days = List.copyOf(days);
        }
    }

    private final TableRenderer<Line> table = new TableRenderer<>("register", RegisterLayout.columns(), "Register");

    public byte[] render(Register register, ExportFormat format) {
        return table.render(register.title(), register.subtitle(), lines(register), format);
    }

    /** Status letters: PRESENT P, LATE L, ABSENT A, EXCUSED E, FLAGGED F (awaiting the teacher). */
    static String letter(AttendanceStatus status) {
        return switch (status) {
            case PRESENT -> "P";
            case LATE -> "L";
            case ABSENT -> "A";
            case EXCUSED -> "E";
            case FLAGGED -> "F";
            case PENDING -> "?"; // live views only; never in the history a register reads
        };
    }

    /** The rows the layout shows. */
    static List<Line> lines(Register register) {
        Map<String, Map<Integer, List<AttendanceStatus>>> byStudent = new HashMap<>();
        for (Mark m : register.marks()) {
            if (YearMonth.from(m.day()).equals(register.month())) {
                byStudent.computeIfAbsent(m.email(), k -> new HashMap<>())
                        .computeIfAbsent(m.day().getDayOfMonth(), k -> new ArrayList<>()).add(m.status());
            }
        }
        List<Line> lines = new ArrayList<>();
        for (Student s : register.students()) {
            Map<Integer, List<AttendanceStatus>> days = byStudent.getOrDefault(s.email(), Map.of());
            List<String> cells = new ArrayList<>(RegisterLayout.DAYS);
            Map<AttendanceStatus, Integer> totals = new EnumMap<>(AttendanceStatus.class);
            for (int day = 1; day <= RegisterLayout.DAYS; day++) {
                List<AttendanceStatus> statuses = days.getOrDefault(day, List.of());
                cells.add(String.join("/", statuses.stream().map(RegisterRenderer::letter).toList()));
                statuses.forEach(st -> totals.merge(st, 1, Integer::sum));
            }
            int present = totals.getOrDefault(AttendanceStatus.PRESENT, 0);
            int late = totals.getOrDefault(AttendanceStatus.LATE, 0);
            int excused = totals.getOrDefault(AttendanceStatus.EXCUSED, 0);
            int held = days.values().stream().mapToInt(List::size).sum();
            int countable = held - excused;
            lines.add(new Line(s.rollNo(), s.name(), cells, present, late, totals.getOrDefault(AttendanceStatus.ABSENT, 0), excused,
                    countable <= 0 ? null : (present + late) / (double) countable));
        }
        return lines;
    }
}
