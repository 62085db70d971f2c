package edu.attendance.systemtests.resilience;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stream processor in a process of its own, killed outright in the middle of a burst of 1 800 scans,
 * and ClickHouse killed in the middle of another burst and started after it: every decision reaches ClickHouse exactly once —
 * no (session, student, version) row missing or doubled, not even before merges, and the rollup agrees.
 */
class ProcessorFaultIT {

    private static final int CLASSES = 10;
    private static final int PER_CLASS = 250;
    /** Sessions of the first burst (the processor dies during it); the rest make the second (ClickHouse dies). */
    private static final int FIRST_BURST_SESSIONS = 8;
    private static final int STUDENTS = CLASSES * PER_CLASS;

    @TempDir
    Path dir;

    private record Student(String email, String token, String device, int session) {
    }

    @Test
    void noDecisionIsLostOrDoubledWhenTheProcessorDiesOrClickHouseStops() throws Exception {
        try (EmbeddedStack platform = TestStack.start(dir.resolve("platform"), Map.of("attendance.stream.enabled", "false",
                // every test student comes from 127.0.0.1, as from a college NAT
                "attendance.capture.campus-cidrs", "127.0.0.0/8"));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Api api = new Api(platform.baseUrl());
            String admin = api.login("admin@college.test");
            StringBuilder classes = new StringBuilder("class_id,department_id,batch,semester,section\n");
            StringBuilder subjects = new StringBuilder("subject_id,course_id,class_id,teacher_email\n");
            StringBuilder students = new StringBuilder("email,name,roll_no,class_id\n");
            for (int c = 0; c < CLASSES; c++) {
                classes.append("CF").append(c).append(",DF,2024,1,S").append(c).append('\n');
                subjects.append("SF").append(c).append(",KF,CF").append(c).append(",tf@college.test\n");
            }
            for (int i = 0; i < STUDENTS; i++) {
                students.append('f').append(i).append("@college.test,F ").append(i).append(',').append(i).append(",CF").append(i % CLASSES).append('\n');
            }
            api.importRoster(admin, new String[][]{{"departments", "department_id,name\nDF,Faults\n"}, {"classes", classes.toString()},
                    {"courses", "course_id,name\nKF,Faults\n"}, {"teachers", "email,name,designation,department_id\ntf@college.test,T,Prof,DF\n"},
                    {"students", students.toString()}, {"subjects", subjects.toString()}});
            String teacher = api.login("tf@college.test");
            List<String> sessions = new ArrayList<>();
            for (int c = 0; c < CLASSES; c++) {
                Api.Response r = api.post("/api/v1/sessions", teacher, Map.of("subjectId", "SF" + c, "durationMinutes", 60));
                assertThat(r.status()).isEqualTo(201);
                sessions.add(r.json().path("sessionId").asString());
            }
            List<Student> all = parallel(pool, STUDENTS, i -> {
                String email = "f" + i + "@college.test";
                String token = api.login(email);
                String device = "fault-dev-" + i;
                assertThat(api.post("/api/v1/devices", token, Map.of("deviceUuid", device, "fingerprintHash", "fp-" + device,
                        "platform", "ANDROID")).status()).isEqualTo(200);
                return new Student(email, token, device, i % CLASSES);
            });
            // one student in ten never scans: ABSENT on close
            List<Student> firstHalf = all.stream().filter(s -> s.session() < FIRST_BURST_SESSIONS && !absentee(s)).toList();
            List<Student> secondHalf = all.stream().filter(s -> s.session() >= FIRST_BURST_SESSIONS && !absentee(s)).toList();

            // no background merges in these tables: a doubled row would stay visible instead of being merged away
            for (String table : List.of("decisions", "submissions")) {
                try (Connection c = platform.clickhouse(); Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE " + table + " MODIFY SETTING max_bytes_to_merge_at_max_space_in_pool = 1, "
                            + "max_bytes_to_merge_at_min_space_in_pool = 1");
                }
            }

            // 1. the processor dies in the middle of a burst and comes back
            StreamProcessorProcess processor = StreamProcessorProcess.start(platform, dir.resolve("processor"), "fault-processor");
            await().atMost(Duration.ofSeconds(90)).until(processor::started);
            AtomicInteger accepted = new AtomicInteger();
            CompletableFuture<List<Integer>> burst = CompletableFuture.supplyAsync(() -> scans(pool, api, teacher, sessions, firstHalf, accepted));
            await().atMost(Duration.ofSeconds(60)).until(() -> decisionRows(platform) >= 50);
            processor.kill();
            long atKill = decisionRows(platform);
            assertThat(burst.join()).as("every scan accepted while the processor is dead").containsOnly(202);
            System.out.printf("processor killed with %d of %d decisions in ClickHouse%n", atKill, firstHalf.size());
            processor = StreamProcessorProcess.start(platform, dir.resolve("processor"), "fault-processor");
            try {
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                        assertThat(decisionRows(platform)).isEqualTo(firstHalf.size()));

                // 2. ClickHouse dies in the middle of the next burst and comes back after it
                accepted.set(0);
                CompletableFuture<List<Integer>> second = CompletableFuture.supplyAsync(() -> scans(pool, api, teacher, sessions, secondHalf, accepted));
                await().atMost(Duration.ofSeconds(60)).until(() -> accepted.get() >= 50);
                platform.stopClickHouse();
                assertThat(second.join()).as("every scan accepted while ClickHouse is dead").containsOnly(202);
                platform.startClickHouse();
                for (String s : sessions) {
                    assertThat(api.post("/api/v1/sessions/" + s + "/close", teacher, null).status()).isEqualTo(200);
                }
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                        assertThat(decisionRows(platform)).isEqualTo(STUDENTS));
                // overrides after close move the rollup's counts instead of adding to them
                List<Student> excused = all.stream().filter(ProcessorFaultIT::absentee).limit(5).toList();
                for (Student s : excused) {
                    assertThat(api.post("/api/v1/sessions/" + sessions.get(s.session()) + "/marks", teacher,
                            Map.of("studentEmail", s.email(), "status", "EXCUSED", "reason", "medical")).status()).isEqualTo(202);
                }
                int attended = firstHalf.size() + secondHalf.size();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(query(platform,
                        "SELECT count(), countIf(status IN ('PRESENT','LATE')), countIf(status = 'ABSENT'), countIf(status = 'EXCUSED') "
                                + "FROM decisions FINAL WHERE class_id LIKE 'CF%'"))
                        .containsExactly((long) STUDENTS, (long) attended, (long) STUDENTS - attended - 5, 5L));
                // not one row twice (and no merge hid one): the replays carried the tokens of the batches they repeat
                List<Long> raw = query(platform, "SELECT count(), uniqExact(session_id, student_email, version) FROM decisions WHERE class_id LIKE 'CF%'");
                assertThat(raw.get(0)).as("decision rows").isEqualTo(raw.get(1)).isEqualTo(STUDENTS + 5L);
                String in = "('" + String.join("','", sessions) + "')";
                // the submissions' sink is a consumer of its own, which may still be backing off after ClickHouse came
                // back when the decisions are all in: wait for its rows, then check none is there twice
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(query(platform,
                        "SELECT count() FROM submissions WHERE session_id IN " + in).getFirst()).isGreaterThanOrEqualTo((long) attended));
                List<Long> subs = query(platform, "SELECT count(), uniqExact(submission_id, outcome) FROM submissions WHERE session_id IN " + in);
                assertThat(subs.get(0)).as("submission rows").isEqualTo(subs.get(1)).isEqualTo((long) attended);
                assertThat(query(platform, "SELECT sum(held), sum(present) + sum(late), sum(absent), sum(excused), sum(flagged) "
                        + "FROM student_subject_daily WHERE class_id LIKE 'CF%'"))
                        .containsExactly((long) STUDENTS, (long) attended, (long) STUDENTS - attended - 5, 5L, 0L);
            } finally {
                processor.close();
            }
        }
    }

    private static boolean absentee(Student s) {
        // every tenth student of each class (students are dealt to classes round-robin)
        return Integer.parseInt(s.email().substring(1, s.email().indexOf('@'))) / CLASSES % 10 == 9;
    }

    /** Every given student scans their session's current QR (fetched again when it rotated); the statuses. */
    private static List<Integer> scans(ExecutorService pool, Api api, String teacher, List<String> sessions, List<Student> who,
                                       AtomicInteger accepted) {
        try {
            return parallel(pool, who.size(), i -> {
                Student s = who.get(i);
                String sessionId = sessions.get(s.session());
                while (true) {
                    String qr = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();
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
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long decisionRows(EmbeddedStack platform) throws Exception {
        return query(platform, "SELECT count() FROM decisions FINAL WHERE class_id LIKE 'CF%'").getFirst();
    }

    private static List<Long> query(EmbeddedStack platform, String sql) throws Exception {
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

    /** Runs {@code n} tasks, at most 24 at a time, and returns their results in order. */
    private static <T> List<T> parallel(ExecutorService pool, int n, IntFunction<T> task) throws Exception {
        Semaphore permits = new Semaphore(24);
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
