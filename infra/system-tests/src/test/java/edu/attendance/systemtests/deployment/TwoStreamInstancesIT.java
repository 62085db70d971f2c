package edu.attendance.systemtests.deployment;

import edu.attendance.systemtests.resilience.StreamProcessorProcess;

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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two stream-processor instances sharing the partitions (each a JVM of its own, static members of the same groups), the
 * embedded stack's own stream switched off: one is killed (SIGKILL) in the middle of a burst, its partitions move to
 * the other, and ClickHouse ends with exactly one decision per student — no row doubled, even before merges — the rollup
 * agrees, and the teachers' live views keep counting.
 */
class TwoStreamInstancesIT {

    private static final int CLASSES = 6;
    private static final int PER_CLASS = 100;

    @TempDir
    Path dir;

    private record Student(String email, String token, String device, int session) {
    }

    @Test
    void oneInstanceKilledMidBurstLeavesExactlyOneDecisionPerStudent() throws Exception {
        try (EmbeddedStack platform = TestStack.start(dir.resolve("platform"), Map.of("attendance.stream.enabled", "false",
                "attendance.capture.campus-cidrs", "127.0.0.0/8", "attendance.sessions.qr-rotation-seconds", "60"));
             ExecutorService pool = Executors.newFixedThreadPool(24)) {
            Api api = new Api(platform.baseUrl());
            String admin = api.login("admin@college.test");
            StringBuilder classes = new StringBuilder("class_id,department_id,batch,semester,section\n");
            StringBuilder subjects = new StringBuilder("subject_id,course_id,class_id,teacher_email\n");
            StringBuilder roster = new StringBuilder("email,name,roll_no,class_id\n");
            for (int c = 0; c < CLASSES; c++) {
                classes.append("CW").append(c).append(",DW,2024,1,S").append(c).append('\n');
                subjects.append("SW").append(c).append(",KW,CW").append(c).append(",tw@college.test\n");
            }
            int n = CLASSES * PER_CLASS;
            for (int i = 0; i < n; i++) {
                roster.append('w').append(i).append("@college.test,W ").append(i).append(',').append(i).append(",CW").append(i % CLASSES).append('\n');
            }
            api.importRoster(admin, new String[][]{{"departments", "department_id,name\nDW,Two\n"}, {"classes", classes.toString()},
                    {"courses", "course_id,name\nKW,Two\n"}, {"teachers", "email,name,designation,department_id\ntw@college.test,T,Prof,DW\n"},
                    {"students", roster.toString()}, {"subjects", subjects.toString()}});
            String teacher = api.login("tw@college.test");
            List<String> sessions = new ArrayList<>();
            for (int c = 0; c < CLASSES; c++) {
                sessions.add(api.post("/api/v1/sessions", teacher, Map.of("subjectId", "SW" + c, "durationMinutes", 60)).json()
                        .path("sessionId").asString());
            }
            List<CompletableFuture<Student>> enrolled = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int s = i;
                enrolled.add(CompletableFuture.supplyAsync(() -> {
                    String email = "w" + s + "@college.test";
                    String token = api.login(email);
                    String device = "two-dev-" + s;
                    assertThat(api.post("/api/v1/devices", token, Map.of("deviceUuid", device, "fingerprintHash", "fp-" + device,
                            "platform", "ANDROID")).status()).isEqualTo(200);
                    return new Student(email, token, device, s % CLASSES);
                }, pool));
            }
            List<Student> students = enrolled.stream().map(CompletableFuture::join).toList();

            // no background merges: a doubled row would stay visible instead of being merged away
            for (String table : List.of("decisions", "submissions")) {
                execute(platform, "ALTER TABLE " + table + " MODIFY SETTING max_bytes_to_merge_at_max_space_in_pool = 1, "
                        + "max_bytes_to_merge_at_min_space_in_pool = 1");
            }
            StreamProcessorProcess first = StreamProcessorProcess.start(platform, dir.resolve("p1"), "instance-1");
            StreamProcessorProcess second = StreamProcessorProcess.start(platform, dir.resolve("p2"), "instance-2");
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> first.started() && second.started());
                AtomicInteger accepted = new AtomicInteger();
                // four phones at a time: the burst lasts long enough for the kill to land in its middle
                ExecutorService phones = Executors.newFixedThreadPool(4);
                CompletableFuture<List<Integer>> burst = CompletableFuture.supplyAsync(() -> students.stream()
                        .map(s -> CompletableFuture.supplyAsync(() -> scan(api, teacher, sessions.get(s.session()), s, accepted), phones))
                        .toList().stream().map(CompletableFuture::join).toList());
                await().atMost(Duration.ofSeconds(60)).until(() -> count(platform, "SELECT count() FROM decisions FINAL WHERE class_id LIKE 'CW%'") >= 50);
                long killedAt = System.nanoTime();
                first.kill();
                long atKill = count(platform, "SELECT count() FROM decisions FINAL WHERE class_id LIKE 'CW%'");
                assertThat(accepted.get()).as("the kill came before the burst's end").isLessThan(n);
                assertThat(burst.join()).as("every scan accepted").containsOnly(202);
                phones.shutdown();
                await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(count(platform, "SELECT count() FROM decisions FINAL WHERE class_id LIKE 'CW%'")).isEqualTo(n));
                System.out.printf("one of two stream instances killed with %d of %d decisions written; all %d decided %.1f s after the kill%n",
                        atKill, n, n, (System.nanoTime() - killedAt) / 1e9);

                // exactly once: not one row twice (before merges), the rollup agrees, and each live view counts its class
                assertThat(count(platform, "SELECT count() FROM decisions WHERE class_id LIKE 'CW%'"))
                        .isEqualTo(count(platform, "SELECT uniqExact(session_id, student_email, version) FROM decisions WHERE class_id LIKE 'CW%'"))
                        .isEqualTo(n);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(platform,
                        "SELECT sum(held) FROM student_subject_daily WHERE class_id LIKE 'CW%'")).isEqualTo(n));
                assertThat(count(platform, "SELECT sum(present) + sum(late) + sum(flagged) FROM student_subject_daily WHERE class_id LIKE 'CW%'"))
                        .isEqualTo(n);
                for (String s : sessions) {
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        var counts = api.get("/api/v1/sessions/" + s + "/live", teacher).json().path("counts");
                        assertThat(counts.path("present").asInt() + counts.path("late").asInt() + counts.path("flagged").asInt())
                                .isEqualTo(PER_CLASS);
                    });
                }
            } finally {
                second.close();
                first.close();
            }
        }
    }

    /** One student's scan of their session's current code (fetched again if it rotated meanwhile); the status. */
    private static int scan(Api api, String teacher, String session, Student s, AtomicInteger accepted) {
        while (true) {
            String qr = api.get("/api/v1/sessions/" + session + "/qr", teacher).json().path("token").asString();
            Api.Response r = api.post("/api/v1/scans", s.token(), Map.of("submissionId", UUID.randomUUID().toString(), "qrToken", qr,
                    "capturedAt", Instant.now().toString()), Map.of("X-Device-Id", s.device(), "X-Device-Fingerprint", "fp-" + s.device()));
            if (!"QR_EXPIRED".equals(r.code())) {
                if (r.status() == 202) {
                    accepted.incrementAndGet();
                }
                return r.status();
            }
        }
    }

    private static void execute(EmbeddedStack platform, String sql) throws Exception {
        try (Connection c = platform.clickhouse(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long count(EmbeddedStack platform, String sql) throws Exception {
        try (Connection c = platform.clickhouse(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
