package edu.attendance.launcher.demo;

import edu.attendance.contracts.AlertRaised;
import edu.attendance.contracts.AlertType;
import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.contracts.Decision;
import edu.attendance.contracts.Topics;
import edu.attendance.ingest.roster.RosterEntity;
import edu.attendance.ingest.roster.RosterImporter;
import edu.attendance.platform.clickhouse.ClickHouse;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A demo college for the embedded run: two departments, four classes of 75 students, eight teachers,
 * sixteen subjects with a timetable on every day of the week (and an all-day lab, so a teacher has a
 * period open whenever someone tries it), and the term so far as history — a realistic mix with a few
 * students drifting into risk. The roster goes through the roster importer (the admin's upload), the
 * history through the decisions topic into the ClickHouse sink, as the stream's own decisions do.
 * Seeded, so every demo is the same college.
 */
public final class DemoCollege {

    public record Summary(int students, int teachers, int decisions, String teacher, String student, String admin,
                          String manager) {
    }

    static final String DOMAIN = "college.test";
    static final String MANAGER = "dean@" + DOMAIN;
    private static final String[] FIRST = {"Aarav", "Ananya", "Vihaan", "Diya", "Arjun", "Isha", "Kabir", "Meera", "Rohan",
            "Saanvi", "Aditya", "Kavya", "Ishaan", "Priya", "Reyansh", "Tara", "Nikhil", "Zara", "Dev", "Aisha", "Omar",
            "Lakshmi", "Rahul", "Neha", "Samuel", "Fatima", "Karan", "Pooja", "Yusuf", "Riya", "Manav", "Sneha", "Imran",
            "Anjali", "Joseph", "Nandini", "Farhan", "Shreya", "Vikram", "Maya"};
    private static final String[] LAST = {"Sharma", "Iyer", "Khan", "Reddy", "Patel", "Nair", "Das", "Gupta", "Singh",
            "Menon", "Fernandes", "Mukherjee", "Rao", "Joshi", "Kulkarni", "Pillai", "Chatterjee", "Ali", "Bose", "Verma"};

    private record Klass(String id, String department, String batch, int semester, String section) {
    }

    private record Subject(String id, String course, String courseName, Klass klass, String teacher) {
    }

    private final JdbcTemplate pg;
    private final RosterImporter importer;
    private final KafkaTemplate<String, Object> kafka;
    private final ClickHouse clickHouse;
    private final ZoneId zone;
    private final LocalDate today;
    private final SplittableRandom random = new SplittableRandom(20261201L);

    @SuppressWarnings("unchecked")
    public DemoCollege(ApplicationContext context, ZoneId zone, LocalDate today) {
        this.pg = context.getBean(JdbcTemplate.class);
        this.importer = context.getBean(RosterImporter.class);
        this.kafka = context.getBean(KafkaTemplate.class);
        this.clickHouse = context.getBean(ClickHouse.class);
        this.zone = zone;
        this.today = today;
    }

    /** True when the college has no roster yet (a fresh data directory). */
    public static boolean isEmpty(ApplicationContext context) {
        Integer n = context.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM departments", Integer.class);
        return n == null || n == 0;
    }

    public Summary load(Consumer<String> progress) {
        List<Klass> classes = List.of(new Klass("CSE-2A", "CSE", "2024", 3, "A"), new Klass("CSE-2B", "CSE", "2024", 3, "B"),
                new Klass("ECE-2A", "ECE", "2024", 3, "A"), new Klass("ECE-3A", "ECE", "2023", 5, "A"));
        String[][] courses = {{"DS", "Data Structures"}, {"OS", "Operating Systems"}, {"DM", "Discrete Mathematics"},
                {"DB", "Database Systems"}, {"SS", "Signals and Systems"}, {"DE", "Digital Electronics"},
                {"EM", "Engineering Mathematics"}, {"CN", "Communication Networks"}, {"DSL", "Data Structures Lab"}};
        String[][] teachers = {{"priya.raman", "Dr Priya Raman", "Associate Professor", "CSE"},
                {"arun.mehta", "Arun Mehta", "Assistant Professor", "CSE"}, {"lena.thomas", "Lena Thomas", "Lecturer", "CSE"},
                {"sanjay.kumar", "Dr Sanjay Kumar", "Professor", "CSE"}, {"farah.siddiqui", "Farah Siddiqui", "Assistant Professor", "ECE"},
                {"george.mathew", "George Mathew", "Lecturer", "ECE"}, {"kiran.shetty", "Dr Kiran Shetty", "Professor", "ECE"},
                {"divya.nair", "Divya Nair", "Assistant Professor", "ECE"}};
        String[][] plan = {
                {"CSE-2A", "DSL", "priya.raman"}, {"CSE-2A", "DS", "priya.raman"}, {"CSE-2A", "OS", "arun.mehta"},
                {"CSE-2A", "DM", "lena.thomas"}, {"CSE-2A", "DB", "sanjay.kumar"},
                {"CSE-2B", "DS", "arun.mehta"}, {"CSE-2B", "OS", "sanjay.kumar"}, {"CSE-2B", "DM", "lena.thomas"}, {"CSE-2B", "DB", "priya.raman"},
                {"ECE-2A", "SS", "farah.siddiqui"}, {"ECE-2A", "DE", "george.mathew"}, {"ECE-2A", "EM", "kiran.shetty"}, {"ECE-2A", "CN", "divya.nair"},
                {"ECE-3A", "SS", "kiran.shetty"}, {"ECE-3A", "DE", "divya.nair"}, {"ECE-3A", "EM", "george.mathew"}, {"ECE-3A", "CN", "farah.siddiqui"}};

        StringBuilder csv = new StringBuilder("department_id,name\nCSE,Computer Science and Engineering\nECE,Electronics and Communication Engineering\n");
        importCsv(RosterEntity.DEPARTMENTS, csv);
        csv = new StringBuilder("class_id,department_id,batch,semester,section\n");
        for (Klass k : classes) {
            csv.append(k.id()).append(',').append(k.department()).append(',').append(k.batch()).append(',').append(k.semester())
                    .append(',').append(k.section()).append('\n');
        }
        importCsv(RosterEntity.CLASSES, csv);
        csv = new StringBuilder("course_id,name\n");
        for (String[] c : courses) {
            csv.append(c[0]).append(',').append(c[1]).append('\n');
        }
        importCsv(RosterEntity.COURSES, csv);
        csv = new StringBuilder("email,name,designation,department_id\n");
        for (String[] t : teachers) {
            csv.append(t[0]).append('@').append(DOMAIN).append(',').append(t[1]).append(',').append(t[2]).append(',').append(t[3]).append('\n');
        }
        importCsv(RosterEntity.TEACHERS, csv);

        List<String[]> students = new ArrayList<>(); // email, name, class
        csv = new StringBuilder("email,name,roll_no,class_id\n");
        for (Klass k : classes) {
            for (int roll = 1; roll <= 75; roll++) {
                String first = FIRST[random.nextInt(FIRST.length)];
                String last = LAST[random.nextInt(LAST.length)];
                String email = (first + "." + last + "." + k.id() + roll).toLowerCase(Locale.ROOT).replace("-", "") + "@" + DOMAIN;
                students.add(new String[]{email, first + " " + last, k.id()});
                csv.append(email).append(',').append(first).append(' ').append(last).append(',').append(roll).append(',')
                        .append(k.id()).append('\n');
            }
        }
        importCsv(RosterEntity.STUDENTS, csv);

        List<Subject> subjects = new ArrayList<>();
        csv = new StringBuilder("subject_id,course_id,class_id,teacher_email\n");
        for (String[] p : plan) {
            Klass k = classes.stream().filter(c -> c.id().equals(p[0])).findFirst().orElseThrow();
            String name = Arrays.stream(courses).filter(c -> c[0].equals(p[1])).findFirst().orElseThrow()[1];
            Subject s = new Subject(p[0] + "-" + p[1], p[1], name, k, p[2] + "@" + DOMAIN);
            subjects.add(s);
            csv.append(s.id()).append(',').append(s.course()).append(',').append(k.id()).append(',').append(s.teacher()).append('\n');
        }
        importCsv(RosterEntity.SUBJECTS, csv);

        // every day of the week (a demo tried on a Sunday still has classes): four periods per class, and the lab all day
        LocalTime[][] slots = {{LocalTime.of(9, 0), LocalTime.of(10, 0)}, {LocalTime.of(10, 0), LocalTime.of(11, 0)},
                {LocalTime.of(11, 15), LocalTime.of(12, 15)}, {LocalTime.of(13, 30), LocalTime.of(14, 30)}};
        csv = new StringBuilder("period_id,subject_id,day_of_week,period_no,start_time,end_time\n");
        for (DayOfWeek d : DayOfWeek.values()) {
            String day = d.name().substring(0, 3);
            for (Klass k : classes) {
                List<Subject> own = subjects.stream().filter(s -> s.klass() == k && !s.course().equals("DSL")).toList();
                for (int i = 0; i < own.size(); i++) {
                    // rotate the order through the week so each subject meets at different times
                    Subject s = own.get((i + d.ordinal()) % own.size());
                    csv.append(s.id()).append('-').append(day).append(i + 1).append(',').append(s.id()).append(',').append(day)
                            .append(',').append(i + 1).append(',').append(slots[i][0]).append(',').append(slots[i][1]).append('\n');
                }
            }
            csv.append("CSE-2A-DSL-").append(day).append(",CSE-2A-DSL,").append(day).append(",9,00:00,23:59\n");
        }
        importCsv(RosterEntity.PERIODS, csv);
        pg.update("INSERT INTO users (email, name, role, verified) VALUES (?, 'Dean Anita Rao', 'MANAGEMENT', true) ON CONFLICT DO NOTHING",
                MANAGER);
        progress.accept("roster: 2 departments, 4 classes, " + students.size() + " students, " + teachers.length
                + " teachers, " + subjects.size() + " subjects, timetable on every day");

        int decisions = history(subjects, students);
        long stored = awaitStored(decisions);
        progress.accept("history: " + decisions + " decisions of the term so far, through the decisions topic; "
                + stored + " in ClickHouse");
        return new Summary(students.size(), teachers.length, decisions, "priya.raman@" + DOMAIN,
                students.getFirst()[0], "admin@" + DOMAIN, MANAGER);
    }

    /**
     * At most this many records wait for the broker at once: sent all together, tens of thousands of them sit in the
     * producer's queue longer than its delivery timeout on a slow machine (seen in CI), and expire unsent.
     */
    private static final int IN_FLIGHT = 2_000;

    private static void awaitAcks(List<CompletableFuture<?>> sends) {
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        sends.clear();
    }

    /** Waits (at most a minute) until the sink has written the history, so that the reports show it from the start. */
    private long awaitStored(int expected) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        long stored = 0;
        while (System.nanoTime() < deadline) {
            Long n = clickHouse.jdbc().queryForObject("SELECT count() FROM " + clickHouse.database() + ".decisions", Long.class);
            stored = n == null ? 0 : n;
            if (stored >= expected) {
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        return stored;
    }

    private void importCsv(RosterEntity entity, CharSequence csv) {
        importer.importCsv(entity, csv.toString(), "demo");
    }

    /** Every weekday of the last ten weeks: each regular subject met once; the students' habits differ. */
    private int history(List<Subject> subjects, List<String[]> students) {
        // habits: most attend well, some are weak, a few drift into risk over the last two weeks, a few stopped coming
        Map<String, double[]> habit = new HashMap<>(); // email -> {base rate, recent rate, stopped}
        for (String[] st : students) {
            double roll = random.nextDouble();
            double base = roll < 0.08 ? 0.55 + random.nextDouble() * 0.18 : 0.86 + random.nextDouble() * 0.13;
            double recent = roll >= 0.08 && roll < 0.13 ? base - 0.35 : base;
            boolean stopped = roll >= 0.13 && roll < 0.15;
            habit.put(st[0], new double[]{base, recent, stopped ? 1 : 0});
        }
        List<CompletableFuture<?>> sends = new ArrayList<>();
        int n = 0;
        LocalDate start = today.minusWeeks(10);
        for (LocalDate date = start; date.isBefore(today); date = date.plusDays(1)) {
            if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            boolean lastTwoWeeks = !date.isBefore(today.minusDays(14));
            boolean lastWeek = !date.isBefore(today.minusDays(6));
            int slot = 0;
            for (Subject s : subjects) {
                if (s.course().equals("DSL") && date.getDayOfWeek() != DayOfWeek.WEDNESDAY) {
                    continue;
                }
                Instant startedAt = date.atTime(9 + (slot++ % 5), 0).atZone(zone).toInstant();
                String sessionId = UUID.nameUUIDFromBytes(("demo:" + s.id() + ":" + date).getBytes(StandardCharsets.UTF_8)).toString();
                List<String> flaggedStudents = new ArrayList<>();
                for (String[] st : students) {
                    if (!st[2].equals(s.klass().id())) {
                        continue;
                    }
                    double[] h = habit.get(st[0]);
                    double p = h[2] == 1 && lastWeek ? 0.0 : lastTwoWeeks ? h[1] : h[0];
                    double r = random.nextDouble();
                    AttendanceStatus status;
                    CaptureMethod method = random.nextDouble() < 0.8 ? CaptureMethod.QR : CaptureMethod.OTP;
                    List<String> flags = List.of();
                    if (r < 0.01) {
                        status = AttendanceStatus.EXCUSED;
                        method = CaptureMethod.MANUAL;
                    } else if (r < p) {
                        status = random.nextDouble() < 0.08 ? AttendanceStatus.LATE : AttendanceStatus.PRESENT;
                    } else {
                        status = AttendanceStatus.ABSENT;
                        method = CaptureMethod.AUTO;
                    }
                    if (status == AttendanceStatus.PRESENT && random.nextDouble() < 0.004) {
                        flags = List.of("FAR_FROM_TEACHER");
                        flaggedStudents.add(st[0]);
                    }
                    Instant at = status == AttendanceStatus.ABSENT || status == AttendanceStatus.EXCUSED
                            ? startedAt.plusSeconds(3600)
                            : startedAt.plusSeconds(status == AttendanceStatus.LATE ? 360 + random.nextInt(900) : 20 + random.nextInt(240));
                    Decision d = new Decision(sessionId, st[0], s.id(), s.klass().id(), date, status, method, at, at.plusMillis(300),
                            false, status == AttendanceStatus.ABSENT ? "" : UUID.nameUUIDFromBytes((sessionId + st[0]).getBytes(StandardCharsets.UTF_8)).toString(),
                            flags, 1, null);
                    sends.add(kafka.send(Topics.DECISIONS.name(), sessionId, d));
                    n++;
                    if (sends.size() >= IN_FLIGHT) {
                        awaitAcks(sends);
                    }
                }
                if (!flaggedStudents.isEmpty()) {
                    sends.add(kafka.send(Topics.ALERTS.name(), sessionId, new AlertRaised(sessionId, AlertType.FLAGGED, startedAt.plusSeconds(120),
                            flaggedStudents, "far from the teacher's location")));
                }
            }
        }
        awaitAcks(sends);
        return n;
    }
}
