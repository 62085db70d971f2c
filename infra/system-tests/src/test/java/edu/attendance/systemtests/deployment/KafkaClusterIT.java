package edu.attendance.systemtests.deployment;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform on a three-node KRaft cluster (replication 3, min ISR 2), each node a JVM of its own: scans while one
 * node is killed (SIGKILL) are all accepted; with two of three killed — fewer than min ISR — a scan is refused with 503
 * and never accepted; after the nodes return, scans are accepted again, the refused ones go through on retry, and
 * every 202 ends as exactly one decision in ClickHouse.
 */
class KafkaClusterIT {

    private static final int PER_PHASE = 60;
    /** Scans sent while below min ISR: each waits out the producer's delivery timeout (10 s), so one round of the pool. */
    private static final int REFUSED = 16;
    /** Enough for every phase and up to a hundred probes while the nodes come back. */
    private static final int STUDENTS = 3 * PER_PHASE + REFUSED + 100;

    @TempDir
    Path dir;

    @Test
    void everyAcceptedScanIsDecidedOnceThroughBrokerDeaths() throws Exception {
        try (KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"), 3);
             EmbeddedStack platform = TestStack.start(dir.resolve("platform"), Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                     "attendance.kafka.replication", "3", "attendance.sessions.qr-rotation-seconds", "60"))) {
            Api api = new Api(platform.baseUrl());
            Fleet fleet = Fleet.enrol(api, "k", STUDENTS);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            Map<Integer, UUID> accepted = new ConcurrentHashMap<>();
            int next = 0;
            try {
                // all three up
                Map<Integer, Api.Response> all = fleet.scanAll(pool, range(next, next += PER_PHASE), accepted);
                assertThat(statuses(all)).as("three nodes").containsOnlyKeys(202);

                // one killed mid-burst: two in sync is min ISR, so every scan is still accepted (after a leader moves)
                List<Integer> burstOf = range(next, next += PER_PHASE);
                CompletableFuture<Map<Integer, Api.Response>> burst = CompletableFuture.supplyAsync(() -> fleet.scanAll(pool, burstOf, accepted));
                long killedAt = System.nanoTime();
                kafka.kill(0);
                Map<Integer, Api.Response> oneDown = burst.join();
                assertThat(statuses(oneDown)).as("one node killed").containsOnlyKeys(202);
                System.out.printf("one node killed mid-burst: %d scans, all 202, the burst took %.1f s%n", PER_PHASE,
                        (System.nanoTime() - killedAt) / 1e9);

                // two killed: one replica left, below min ISR: refused with 503 (after the producer's delivery timeout),
                // never a 202
                kafka.kill(1);
                Map<Integer, Api.Response> twoDown = fleet.scanAll(pool, range(next, next += REFUSED), accepted);
                assertThat(statuses(twoDown)).as("two nodes killed").containsOnlyKeys(503);
                assertThat(twoDown.values()).allSatisfy(r -> assertThat(r.code()).isEqualTo("UNAVAILABLE"));

                // both back: scans are accepted again
                long restartAt = System.nanoTime();
                kafka.restart(0);
                kafka.restart(1);
                int[] probe = {next};
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    fleet.showCode();
                    return fleet.scan(probe[0]++, accepted).status() == 202;
                });
                next = probe[0];
                System.out.printf("nodes restarted: a scan accepted again %.1f s after the restarts began (%d probes)%n",
                        (System.nanoTime() - restartAt) / 1e9, probe[0] - 2 * PER_PHASE - REFUSED);
                Map<Integer, Api.Response> after = fleet.scanAll(pool, range(next, next += PER_PHASE), accepted);
                assertThat(statuses(after)).as("after the restarts").containsOnlyKeys(202);
                // every refused student retries the same submission, and it goes through
                List<Integer> refused = range(0, next).stream().filter(i -> !accepted.containsKey(i)).toList();
                assertThat(refused).containsAll(twoDown.keySet());
                assertThat(statuses(fleet.scanAll(pool, refused, accepted))).as("retries of the refused").containsOnlyKeys(202);
            } finally {
                pool.shutdownNow();
            }
            assertThat(accepted).hasSize(next);

            // every 202 is one decision, of that submission; no student without a 202 is decided
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<String, List<String>> decided = fleet.decisions(platform);
                assertThat(decided).as("decided %d of %d accepted; submissions in ClickHouse %d", decided.size(), accepted.size(),
                        fleet.count(platform, "submissions")).hasSize(accepted.size());
                for (Map.Entry<Integer, UUID> e : accepted.entrySet()) {
                    assertThat(decided.get(fleet.email(e.getKey()))).as(fleet.email(e.getKey())).containsExactly(e.getValue().toString());
                }
            });
            System.out.printf("decided: %d students, %d accepted scans, 0 duplicates%n", accepted.size(), accepted.size());
        }
    }

    /** How many answers of each HTTP status. */
    static Map<Integer, Integer> statuses(Map<Integer, Api.Response> answers) {
        Map<Integer, Integer> n = new TreeMap<>();
        answers.values().forEach(r -> n.merge(r.status(), 1, Integer::sum));
        return n;
    }

    static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>();
        for (int i = from; i < to; i++) {
            r.add(i);
        }
        return r;
    }

    /** A class of students, signed in with a registered phone, and their teacher's open session with its QR code. */
    record Fleet(Api api, String tag, String teacher, String session, AtomicReference<String> qr,
                 Map<Integer, String> tokens, Map<Integer, UUID> submissions) {

        static Fleet enrol(Api api, String tag, int n) {
            String admin = api.login("admin@college.test");
            StringBuilder roster = new StringBuilder("email,name,roll_no,class_id\n");
            for (int i = 0; i < n; i++) {
                roster.append("s").append(i).append('.').append(tag).append("@college.test,S").append(i).append(',').append(i + 1)
                        .append(",C").append(tag).append('\n');
            }
            String[][] files = {
                    {"departments", "department_id,name\nD" + tag + ",Dept\n"},
                    {"classes", "class_id,department_id,batch,semester,section\nC" + tag + ",D" + tag + ",2024,1,A\n"},
                    {"courses", "course_id,name\nK" + tag + ",Course\n"},
                    {"teachers", "email,name,designation,department_id\nt." + tag + "@college.test,T,Lecturer,D" + tag + "\n"},
                    {"students", roster.toString()},
                    {"subjects", "subject_id,course_id,class_id,teacher_email\nS" + tag + ",K" + tag + ",C" + tag + ",t." + tag + "@college.test\n"}};
            api.importRoster(admin, files);
            String teacher = api.login("t." + tag + "@college.test");
            Map<Integer, String> tokens = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String token = api.login("s" + i + "." + tag + "@college.test");
                assertThat(api.post("/api/v1/devices", token, Map.of("deviceUuid", "d" + i, "fingerprintHash", "fp-device-" + i, "platform", "IOS"))
                        .status()).isIn(200, 201);
                tokens.put(i, token);
            }
            String session = api.post("/api/v1/sessions", teacher, Map.of("subjectId", "S" + tag, "durationMinutes", 60)).json()
                    .path("sessionId").asString();
            Fleet fleet = new Fleet(api, tag, teacher, session, new AtomicReference<>(), tokens, new ConcurrentHashMap<>());
            fleet.showCode();
            return fleet;
        }

        /**
         * The code on the teacher's screen now (it rotates every minute; a phase of the test can outlast one). The
         * screen asks again after a 503 (an instance that cannot reach what it needs), as the projector does.
         */
        void showCode() {
            for (int attempt = 1; ; attempt++) {
                Api.Response r = api.get("/api/v1/sessions/" + session + "/qr", teacher);
                if (r.status() == 200) {
                    qr.set(r.json().path("token").asString());
                    return;
                }
                assertThat(r.status()).as("the teacher's code: %s", r.text()).isEqualTo(503);
                assertThat(attempt).as("the teacher's code still refused").isLessThan(10);
            }
        }

        String email(int i) {
            return "s" + i + "." + tag + "@college.test";
        }

        /** Student {@code i}'s scan (a retry sends the submission it sent before); a 202 is noted in {@code accepted}. */
        Api.Response scan(int i, Map<Integer, UUID> accepted) {
            UUID submission = submissions.computeIfAbsent(i, k -> UUID.randomUUID());
            Api.Response r = api.post("/api/v1/scans", tokens.get(i), Map.of("submissionId", submission.toString(), "qrToken", qr.get(),
                    "capturedAt", Instant.now().toString()), Map.of("X-Device-Id", "d" + i, "X-Device-Fingerprint", "fp-device-" + i));
            if (r.status() == 202) {
                accepted.put(i, submission);
            }
            return r;
        }

        Map<Integer, Api.Response> scanAll(ExecutorService pool, List<Integer> students, Map<Integer, UUID> accepted) {
            showCode();
            Map<Integer, CompletableFuture<Api.Response>> answers = new TreeMap<>();
            for (int i : students) {
                answers.put(i, CompletableFuture.supplyAsync(() -> scan(i, accepted), pool));
            }
            Map<Integer, Api.Response> out = new TreeMap<>();
            answers.forEach((i, f) -> out.put(i, f.join()));
            return out;
        }

        long count(EmbeddedStack platform, String table) throws Exception {
            try (Connection c = platform.clickhouse(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count() FROM " + table + " WHERE session_id = '" + session + "'")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        /** Waits until every accepted student is decided, exactly once, by the submission that was accepted. */
        void awaitEachDecidedOnce(EmbeddedStack platform, Map<Integer, UUID> accepted) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                Map<String, List<String>> decided = decisions(platform);
                assertThat(decided).as("decided %d of %d accepted", decided.size(), accepted.size()).hasSize(accepted.size());
                for (Map.Entry<Integer, UUID> e : accepted.entrySet()) {
                    assertThat(decided.get(email(e.getKey()))).as(email(e.getKey())).containsExactly(e.getValue().toString());
                }
            });
        }

        /** Each decided student's decision rows' submission ids (raw rows: a duplicate would show twice). */
        Map<String, List<String>> decisions(EmbeddedStack platform) throws Exception {
            Map<String, List<String>> out = new HashMap<>();
            try (Connection c = platform.clickhouse(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT student_email, submission_id FROM decisions WHERE session_id = '" + session + "'")) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            return out;
        }
    }
}
