package edu.attendance.systemtests;

import edu.attendance.launcher.EmbeddedStack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fault tests share: a generated college (classes of students dealt round-robin, one teacher, a department and
 * a course, all named after a one-letter tag), every student signed in with a bound phone, an extra session open per
 * class, and the burst of scans a fault lands in the middle of. Class {@code c} is {@code C<T>c}, its subject
 * {@code S<T>c}, student {@code i} is {@code <t>i@college.test}.
 */
public final class BurstCollege {

    /** At most this many requests in flight while enrolling and scanning (a class's phones, not a load test). */
    public static final int IN_FLIGHT = 24;

    public record Student(String email, String token, String device, int session) {
    }

    private final Api api;
    private final String teacher;
    private final List<String> sessions;
    private final List<Student> students;

    private BurstCollege(Api api, String teacher, List<String> sessions, List<Student> students) {
        this.api = api;
        this.teacher = teacher;
        this.sessions = sessions;
        this.students = students;
    }

    /** Imports the college, opens a 60-minute session per class and binds every student's phone. */
    public static BurstCollege enrol(Api api, ExecutorService pool, char tag, int classes, int perClass) throws Exception {
        String t = String.valueOf(tag).toUpperCase();
        String lower = t.toLowerCase();
        String admin = api.login("admin@college.test");
        StringBuilder classRows = new StringBuilder("class_id,department_id,batch,semester,section\n");
        StringBuilder subjectRows = new StringBuilder("subject_id,course_id,class_id,teacher_email\n");
        StringBuilder studentRows = new StringBuilder("email,name,roll_no,class_id\n");
        String teacherEmail = "t" + lower + "@college.test";
        for (int c = 0; c < classes; c++) {
            classRows.append('C').append(t).append(c).append(",D").append(t).append(",2024,1,S").append(c).append('\n');
            subjectRows.append('S').append(t).append(c).append(",K").append(t).append(",C").append(t).append(c).append(',')
                    .append(teacherEmail).append('\n');
        }
        int n = classes * perClass;
        for (int i = 0; i < n; i++) {
            studentRows.append(lower).append(i).append("@college.test,").append(t).append(' ').append(i).append(',').append(i)
                    .append(",C").append(t).append(i % classes).append('\n');
        }
        api.importRoster(admin, new String[][]{{"departments", "department_id,name\nD" + t + ",Faults\n"},
                {"classes", classRows.toString()}, {"courses", "course_id,name\nK" + t + ",Faults\n"},
                {"teachers", "email,name,designation,department_id\n" + teacherEmail + ",T,Prof,D" + t + "\n"},
                {"students", studentRows.toString()}, {"subjects", subjectRows.toString()}});
        String teacher = api.login(teacherEmail);
        List<String> sessions = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            Api.Response r = api.post("/api/v1/sessions", teacher, Map.of("subjectId", "S" + t + c, "durationMinutes", 60));
            assertThat(r.status()).isEqualTo(201);
            sessions.add(r.json().path("sessionId").asString());
        }
        List<Student> students = parallel(pool, n, i -> {
            String email = lower + i + "@college.test";
            String token = api.login(email);
            String device = "burst-" + lower + "-" + i;
            assertThat(api.post("/api/v1/devices", token, Map.of("deviceUuid", device, "fingerprintHash", "fp-" + device,
                    "platform", "ANDROID")).status()).isEqualTo(200);
            return new Student(email, token, device, i % classes);
        });
        return new BurstCollege(api, teacher, sessions, students);
    }

    /** The same college reached through another platform (one restored from a backup, on another port). */
    public BurstCollege on(Api other) {
        return new BurstCollege(other, teacher, sessions, students);
    }

    public String teacher() {
        return teacher;
    }

    public List<String> sessions() {
        return sessions;
    }

    public List<Student> students() {
        return students;
    }

    /** The student's number: {@code f17@college.test} → 17. */
    public static int number(Student s) {
        return Integer.parseInt(s.email().substring(1, s.email().indexOf('@')));
    }

    /** One student scans their session's current QR (fetched again when it rotated meanwhile); the status. */
    public int scan(Student s, AtomicInteger accepted) {
        String session = sessions.get(s.session());
        while (true) {
            String qr = api.get("/api/v1/sessions/" + session + "/qr", teacher).json().path("token").asString();
            Api.Response r = api.post("/api/v1/scans", s.token(), Map.of("submissionId", UUID.randomUUID().toString(),
                    "qrToken", qr, "capturedAt", Instant.now().toString()), Map.of("X-Device-Id", s.device(),
                    "X-Device-Fingerprint", "fp-" + s.device()));
            if (r.status() != 422 || !"QR_EXPIRED".equals(r.code())) {
                if (r.status() == 202) {
                    accepted.incrementAndGet();
                }
                return r.status();
            }
        }
    }

    /** Every given student scans, at most {@code inFlight} at a time; the statuses in order. */
    public List<Integer> scanAll(ExecutorService pool, List<Student> who, int inFlight, AtomicInteger accepted) {
        try {
            return parallel(pool, who.size(), inFlight, i -> scan(who.get(i), accepted));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** No background merges in the history tables: a doubled row stays visible instead of being merged away. */
    public static void stopMerges(EmbeddedStack platform) throws Exception {
        for (String table : List.of("decisions", "submissions")) {
            try (Connection c = platform.clickhouse(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE " + table + " MODIFY SETTING max_bytes_to_merge_at_max_space_in_pool = 1, "
                        + "max_bytes_to_merge_at_min_space_in_pool = 1");
            }
        }
    }

    /** The first row of a ClickHouse query, every column as a number. */
    public static List<Long> query(EmbeddedStack platform, String sql) throws Exception {
        try (Connection c = platform.clickhouse(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            List<Long> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getLong(i));
            }
            return row;
        }
    }

    public static long count(EmbeddedStack platform, String sql) throws Exception {
        return query(platform, sql).getFirst();
    }

    private static <T> List<T> parallel(ExecutorService pool, int n, IntFunction<T> task) throws Exception {
        return parallel(pool, n, IN_FLIGHT, task);
    }

    /** Runs {@code n} tasks, at most {@code inFlight} at a time, and returns their results in order. */
    private static <T> List<T> parallel(ExecutorService pool, int n, int inFlight, IntFunction<T> task) throws Exception {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<T>> futures = new ArrayList<>(n);
        for (int i : IntStream.range(0, n).toArray()) {
            permits.acquire();
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return task.apply(i);
                } finally {
                    permits.release();
                }
            }, pool));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
