package edu.attendance.systemtests.deployment;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.TestStack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two ingest instances behind one address, as a load balancer would alternate between them: the embedded stack
 * (ingest A, with the stream and the rest) and a second ingest-api service (B) in a context of its own, on the same
 * PostgreSQL, Kafka and keys, both with {@code attendance.capture.claims=DATABASE}. A retry of one submission through
 * either instance counts once and gets the same answer; a student racing two submissions through both is marked
 * once (one 202, one 409); a claim left unpublished by an instance that died is taken over; a teacher's mark through
 * one instance holds on the other; so do an early close, the wrong codes a student typed and the phone another student
 * marked with.
 */
class TwoIngestInstancesIT {

    private static final int RACERS = 40;
    /** Two students on one phone (one app install), then one who types codes, then a class that scans while it closes. */
    private static final int SHARED_A = RACERS + 5;
    private static final int SHARED_B = RACERS + 6;
    private static final int TYPIST = RACERS + 7;
    private static final int CLOSING = RACERS + 8;
    private static final int CLASS_SIZE = 30;
    /** One who sends more requests than the limit allows a student, through both instances. */
    private static final int HURRIED = CLOSING + CLASS_SIZE;
    private static final int STUDENTS = HURRIED + 1;
    /** attendance.capture.per-student-per-minute's default. */
    private static final int PER_STUDENT_PER_MINUTE = 30;

    @TempDir
    static Path dir;
    static EmbeddedStack platform;
    static ConfigurableApplicationContext second;
    static Api a;
    static Api b;
    static String teacher;
    static String session;
    static String qr;
    static final Map<Integer, String> students = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        platform = TestStack.start(dir, Map.of("attendance.capture.claims", "DATABASE", "attendance.sessions.qr-rotation-seconds", "60",
                // the instances add up their rate limits ten times a second here (once a second by default)
                "attendance.capture.rate-limit-sync", "100ms"));
        second = TestStack.secondIngest(platform, Map.of());
        a = new Api(platform.baseUrl());
        b = new Api(TestStack.baseUrl(second));

        String admin = a.login("admin@college.test");
        StringBuilder roster = new StringBuilder("email,name,roll_no,class_id\n");
        for (int i = 0; i < STUDENTS; i++) {
            roster.append("s").append(i).append("@college.test,S").append(i).append(',').append(i + 1).append(",CX\n");
        }
        String[][] files = {
                {"departments", "department_id,name\nDX,Dept X\n"},
                {"classes", "class_id,department_id,batch,semester,section\nCX,DX,2024,1,A\n"},
                {"courses", "course_id,name\nKX,Course X\n"},
                {"teachers", "email,name,designation,department_id\ntx@college.test,T,Lecturer,DX\n"},
                {"students", roster.toString()},
                {"subjects", "subject_id,course_id,class_id,teacher_email\nSX,KX,CX,tx@college.test\n"}};
        a.importRoster(admin, files);
        teacher = a.login("tx@college.test");
        // the students sign in and register through either instance: one database, one set of keys
        for (int i = 0; i < STUDENTS; i++) {
            Api via = i % 2 == 0 ? a : b;
            String token = via.login("s" + i + "@college.test");
            assertThat(via.post("/api/v1/devices", token, Map.of("deviceUuid", device(i).get("X-Device-Id"),
                    "fingerprintHash", device(i).get("X-Device-Fingerprint"), "platform", "IOS")).json().path("status").asString())
                    .isEqualTo("ACTIVE");
            students.put(i, token);
        }
        session = a.post("/api/v1/sessions", teacher, Map.of("subjectId", "SX", "durationMinutes", 45)).json().path("sessionId").asString();
        qr = a.get("/api/v1/sessions/" + session + "/qr", teacher).json().path("token").asString();
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aRetryThroughTheOtherInstanceCountsOnceWithTheSameAnswer() throws Exception {
        int s = RACERS;
        UUID submission = UUID.randomUUID();
        Api.Response first = a.post("/api/v1/scans", students.get(s), scan(submission), device(s));
        assertThat(first.status()).isEqualTo(202);
        Api.Response retry = b.post("/api/v1/scans", students.get(s), scan(submission), device(s));
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().path("provisional").asString()).isEqualTo(first.json().path("provisional").asString());
        assertThat(retry.json().path("submissionId").asString()).isEqualTo(submission.toString());
        // a new submission of the same student, through either instance: already marked
        assertThat(b.post("/api/v1/scans", students.get(s), scan(UUID.randomUUID()), device(s)).code()).isEqualTo("ALREADY_MARKED");
        assertThat(a.post("/api/v1/scans", students.get(s), scan(UUID.randomUUID()), device(s)).code()).isEqualTo("ALREADY_MARKED");
        // one decision, from that submission
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(decisions("s" + s + "@college.test")).containsExactly(submission.toString()));
    }

    @Test
    void aSubmissionIdOfAnotherStudentIsRefusedThroughEitherInstance() {
        int s = RACERS + 1;
        int other = RACERS + 2;
        UUID submission = UUID.randomUUID();
        assertThat(a.post("/api/v1/scans", students.get(s), scan(submission), device(s)).status()).isEqualTo(202);
        assertThat(b.post("/api/v1/scans", students.get(other), scan(submission), device(other)).code()).isEqualTo("CONFLICT");
        // the refused student is not marked by it: a submission of their own is taken
        assertThat(b.post("/api/v1/scans", students.get(other), scan(UUID.randomUUID()), device(other)).status()).isEqualTo(202);
    }

    @Test
    void aStudentRacingBothInstancesIsMarkedOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Api.Response[]>> races = new ArrayList<>();
            Map<Integer, UUID[]> ids = new HashMap<>();
            for (int i = 0; i < RACERS; i++) {
                int s = i;
                UUID viaA = UUID.randomUUID();
                UUID viaB = UUID.randomUUID();
                ids.put(s, new UUID[] {viaA, viaB});
                CompletableFuture<Api.Response> fa = CompletableFuture.supplyAsync(() -> a.post("/api/v1/scans", students.get(s), scan(viaA), device(s)), pool);
                CompletableFuture<Api.Response> fb = CompletableFuture.supplyAsync(() -> b.post("/api/v1/scans", students.get(s), scan(viaB), device(s)), pool);
                races.add(fa.thenCombine(fb, (x, y) -> new Api.Response[] {x, y}));
            }
            Map<String, String> accepted = new HashMap<>();
            for (int i = 0; i < RACERS; i++) {
                Api.Response[] pair = races.get(i).join();
                List<Integer> statuses = List.of(pair[0].status(), pair[1].status());
                assertThat(statuses).as("s%d: %s / %s", i, pair[0].text(), pair[1].text()).containsExactlyInAnyOrder(202, 409);
                Api.Response refused = pair[0].status() == 409 ? pair[0] : pair[1];
                assertThat(refused.code()).isEqualTo("ALREADY_MARKED");
                accepted.put("s" + i + "@college.test", ids.get(i)[pair[0].status() == 202 ? 0 : 1].toString());
            }
            // every student decided once, from the submission that got the 202
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (Map.Entry<String, String> e : accepted.entrySet()) {
                    assertThat(decisions(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
                }
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClaimLeftUnpublishedByADeadInstanceIsTakenOver() throws Exception {
        int s = RACERS + 3;
        String email = "s" + s + "@college.test";
        // what an instance that died between its claim and Kafka's acknowledgement leaves behind, a minute ago
        try (Connection c = DriverManager.getConnection(platform.context().getEnvironment().getProperty("spring.datasource.url"),
                platform.context().getEnvironment().getProperty("spring.datasource.username"),
                platform.context().getEnvironment().getProperty("spring.datasource.password"));
             Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO capture_claims (session_id, student_email, submission_id, provisional, claimed_at) VALUES ('"
                    + session + "', '" + email + "', '" + UUID.randomUUID() + "', 'PRESENT', now() - interval '1 minute')");
        }
        UUID submission = UUID.randomUUID();
        assertThat(b.post("/api/v1/scans", students.get(s), scan(submission), device(s)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(decisions(email)).containsExactly(submission.toString()));
    }

    /** A teacher's mark made through one instance holds on the other: a later scan there is already marked. */
    @Test
    void aManualMarkThroughOneInstanceThenAScanThroughTheOtherIsAlreadyMarked() throws Exception {
        int s = RACERS + 4;
        String email = "s" + s + "@college.test";
        assertThat(a.post("/api/v1/sessions/" + session + "/marks", teacher,
                Map.of("studentEmail", email, "status", "ABSENT", "reason", "told the class they were ill")).status()).isEqualTo(202);
        Api.Response scan = b.post("/api/v1/scans", students.get(s), scan(UUID.randomUUID()), device(s));
        assertThat(scan.code()).as(scan.text()).isEqualTo("ALREADY_MARKED");
        // the teacher's mark is the decision, not the refused scan
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(statuses(email)).containsExactly("ABSENT"));
    }

    /** One phone marking two students, each through another instance: the second is flagged as on one instance. */
    @Test
    void aPhoneMarkingTwoStudentsThroughBothInstancesIsFlagged() {
        Api.Response first = a.post("/api/v1/scans", students.get(SHARED_A), scan(UUID.randomUUID()), device(SHARED_A));
        assertThat(first.json().path("provisional").asString()).as(first.text()).isEqualTo("PRESENT");
        Api.Response second = b.post("/api/v1/scans", students.get(SHARED_B), scan(UUID.randomUUID()), device(SHARED_B));
        assertThat(second.json().path("provisional").asString()).as(second.text()).isEqualTo("FLAGGED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(statuses("s" + SHARED_B + "@college.test")).containsExactly("FLAGGED"));
    }

    /** Two wrong codes in a session, wherever they were typed, and no more attempts: not two per instance. */
    @Test
    void wrongCodesAreCountedOnceAcrossInstances() {
        String student = students.get(TYPIST);
        String otp = a.get("/api/v1/sessions/" + session + "/otp", teacher).json().path("otp").asString();
        String wrong = String.format("%04d", (Integer.parseInt(otp) + 5000) % 10_000);
        Api.Response one = a.post("/api/v1/sessions/" + session + "/otp-attempts", student,
                Map.of("submissionId", UUID.randomUUID().toString(), "otp", wrong), device(TYPIST));
        assertThat(one.code()).as(one.text()).isEqualTo("OTP_WRONG");
        assertThat(one.json().path("attemptsLeft").asInt()).isEqualTo(1);
        Api.Response two = b.post("/api/v1/sessions/" + session + "/otp-attempts", student,
                Map.of("submissionId", UUID.randomUUID().toString(), "otp", wrong), device(TYPIST));
        assertThat(two.code()).as(two.text()).isEqualTo("OTP_ATTEMPTS_EXHAUSTED");
        // and the right code, through the first instance again, comes too late
        String now = a.get("/api/v1/sessions/" + session + "/otp", teacher).json().path("otp").asString();
        Api.Response right = a.post("/api/v1/sessions/" + session + "/otp-attempts", student,
                Map.of("submissionId", UUID.randomUUID().toString(), "otp", now), device(TYPIST));
        assertThat(right.code()).as(right.text()).isEqualTo("OTP_ATTEMPTS_EXHAUSTED");
    }

    /**
     * A class scanning through both instances while the teacher closes early through one: every phone told 202 is in the
     * register, every one refused is absent, and once the close is answered no instance takes another scan, nor shows
     * the session open.
     */
    @Test
    void anEarlyCloseIsHonouredByEveryInstance() throws Exception {
        String closing = a.post("/api/v1/sessions", teacher, Map.of("subjectId", "SX", "durationMinutes", 30)).json().path("sessionId").asString();
        String token = a.get("/api/v1/sessions/" + closing + "/qr", teacher).json().path("token").asString();
        // the other instance has the session in memory, open
        assertThat(b.post("/api/v1/scans", students.get(CLOSING), scan(UUID.randomUUID(), token), device(CLOSING)).status()).isEqualTo(202);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        Map<Integer, Api.Response> answers = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            java.util.concurrent.CountDownLatch some = new java.util.concurrent.CountDownLatch(4);
            List<CompletableFuture<Void>> scans = new ArrayList<>();
            // the last student scans only after the close was answered
            for (int i = CLOSING + 1; i < HURRIED - 1; i++) {
                int s = i;
                Api via = s % 2 == 0 ? a : b;
                scans.add(CompletableFuture.runAsync(() -> {
                    answers.put(s, via.post("/api/v1/scans", students.get(s), scan(UUID.randomUUID(), token), device(s)));
                    some.countDown();
                }, pool));
            }
            some.await();
            assertThat(a.post("/api/v1/sessions/" + closing + "/close", teacher, null).status()).isEqualTo(200);
            int last = HURRIED - 1;
            Api.Response after = b.post("/api/v1/scans", students.get(last), scan(UUID.randomUUID(), token), device(last));
            assertThat(after.code()).as(after.text()).isEqualTo("SESSION_NOT_OPEN");
            CompletableFuture.allOf(scans.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        assertThat(b.get("/api/v1/sessions/" + closing, teacher).json().path("status").asString()).isEqualTo("CLOSED");
        for (Api.Response r : answers.values()) {
            assertThat(r.status() == 202 || "SESSION_NOT_OPEN".equals(r.code())).as(r.text()).isTrue();
        }
        // what each phone was told is what the register says
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(current("status", closing, "s" + CLOSING + "@college.test")).containsExactly("PRESENT");
            assertThat(current("status", closing, "s" + (HURRIED - 1) + "@college.test")).containsExactly("ABSENT");
            for (Map.Entry<Integer, Api.Response> e : answers.entrySet()) {
                List<String> status = current("status", closing, "s" + e.getKey() + "@college.test");
                if (e.getValue().status() == 202) {
                    assertThat(status).as("s%d, told 202", e.getKey()).singleElement().isNotEqualTo("ABSENT");
                } else {
                    assertThat(status).as("s%d, refused", e.getKey()).containsExactly("ABSENT");
                }
            }
        });
    }

    /**
     * A student's requests are limited per minute for the platform, not per instance: once the limit went through one
     * instance, the other lets through only what arrived before their counts were added up (a tenth of a second here).
     */
    @Test
    void theRateLimitHoldsAcrossInstances() {
        for (int i = 0; i < PER_STUDENT_PER_MINUTE; i++) {
            assertThat(a.post("/api/v1/scans", students.get(HURRIED), scan(UUID.randomUUID()), device(HURRIED)).status()).isNotEqualTo(429);
        }
        assertThat(a.post("/api/v1/scans", students.get(HURRIED), scan(UUID.randomUUID()), device(HURRIED)).code()).isEqualTo("RATE_LIMITED");
        int[] throughB = {0};
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Api.Response r = b.post("/api/v1/scans", students.get(HURRIED), scan(UUID.randomUUID()), device(HURRIED));
            if (r.status() == 429) {
                assertThat(r.code()).isEqualTo("RATE_LIMITED");
                return true;
            }
            throughB[0]++;
            return false;
        });
        // each instance on its own would have let the whole limit through again
        assertThat(throughB[0]).isLessThan(PER_STUDENT_PER_MINUTE / 3);
    }

    private static List<String> statuses(String email) throws Exception {
        return current("status", session, email);
    }

    /** The submission ids of the student's decisions in this session, one per decision row (FINAL: the current ones). */
    private static List<String> decisions(String email) throws Exception {
        return current("submission_id", session, email);
    }

    /** One column of the student's current decision rows in a session. */
    private static List<String> current(String column, String sessionId, String email) throws Exception {
        try (Connection c = platform.clickhouse(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + column + " FROM decisions FINAL WHERE session_id = '" + sessionId
                     + "' AND student_email = '" + email + "'")) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    private static Map<String, Object> scan(UUID submission) {
        return scan(submission, qr);
    }

    private static Map<String, Object> scan(UUID submission, String token) {
        return Map.of("submissionId", submission.toString(), "qrToken", token, "capturedAt", Instant.now().toString());
    }

    /** Each student's own phone, but the two sharing one: one app install, signed into both accounts. */
    private static Map<String, String> device(int s) {
        return s == SHARED_A || s == SHARED_B
                ? Map.of("X-Device-Id", "one-install", "X-Device-Fingerprint", "fp-one-install")
                : Map.of("X-Device-Id", "d" + s, "X-Device-Fingerprint", "fp-device-" + s);
    }
}
