package edu.attendance.systemtests.resilience;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.BurstCollege;
import edu.attendance.systemtests.BurstCollege.Student;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stream processor in a process of its own, killed outright in the middle of a burst of 1 800 scans,
 * and ClickHouse killed in the middle of another burst and started after it: every decision reaches ClickHouse exactly once —
 * no (session, student, version) row missing or doubled, not even before merges, and the three rollups agree.
 */
class ProcessorFaultIT {

    private static final int CLASSES = 10;
    private static final int PER_CLASS = 250;
    /** Sessions of the first burst (the processor dies during it); the rest make the second (ClickHouse dies). */
    private static final int FIRST_BURST_SESSIONS = 8;
    private static final int STUDENTS = CLASSES * PER_CLASS;

    @TempDir
    Path dir;

    @Test
    void noDecisionIsLostOrDoubledWhenTheProcessorDiesOrClickHouseStops() throws Exception {
        try (EmbeddedStack platform = TestStack.start(dir.resolve("platform"), Map.of("attendance.stream.enabled", "false",
                // every test student comes from 127.0.0.1, as from a college NAT
                "attendance.capture.campus-cidrs", "127.0.0.0/8"));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Api api = new Api(platform.baseUrl());
            BurstCollege college = BurstCollege.enrol(api, pool, 'f', CLASSES, PER_CLASS);
            String teacher = college.teacher();
            List<String> sessions = college.sessions();
            List<Student> all = college.students();
            // one student in ten never scans: ABSENT on close
            List<Student> firstHalf = all.stream().filter(s -> s.session() < FIRST_BURST_SESSIONS && !absentee(s)).toList();
            List<Student> secondHalf = all.stream().filter(s -> s.session() >= FIRST_BURST_SESSIONS && !absentee(s)).toList();

            BurstCollege.stopMerges(platform);

            // 1. the processor dies in the middle of a burst and comes back
            StreamProcessorProcess processor = StreamProcessorProcess.start(platform, dir.resolve("processor"), "fault-processor");
            await().atMost(Duration.ofSeconds(90)).until(processor::started);
            AtomicInteger accepted = new AtomicInteger();
            CompletableFuture<List<Integer>> burst = CompletableFuture.supplyAsync(() -> college.scanAll(pool, firstHalf, BurstCollege.IN_FLIGHT, accepted));
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
                CompletableFuture<List<Integer>> second = CompletableFuture.supplyAsync(() -> college.scanAll(pool, secondHalf, BurstCollege.IN_FLIGHT, accepted));
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
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(BurstCollege.query(platform,
                        "SELECT count(), countIf(status IN ('PRESENT','LATE')), countIf(status = 'ABSENT'), countIf(status = 'EXCUSED') "
                                + "FROM decisions FINAL WHERE class_id LIKE 'CF%'"))
                        .containsExactly((long) STUDENTS, (long) attended, (long) STUDENTS - attended - 5, 5L));
                // not one row twice (and no merge hid one): the replays carried the tokens of the batches they repeat
                List<Long> raw = BurstCollege.query(platform, "SELECT count(), uniqExact(session_id, student_email, version) FROM decisions WHERE class_id LIKE 'CF%'");
                assertThat(raw.get(0)).as("decision rows").isEqualTo(raw.get(1)).isEqualTo(STUDENTS + 5L);
                String in = "('" + String.join("','", sessions) + "')";
                // the submissions' sink is a consumer of its own, which may still be backing off after ClickHouse came
                // back when the decisions are all in: wait for its rows, then check none is there twice
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(BurstCollege.query(platform,
                        "SELECT count() FROM submissions WHERE session_id IN " + in).getFirst()).isGreaterThanOrEqualTo((long) attended));
                List<Long> subs = BurstCollege.query(platform, "SELECT count(), uniqExact(submission_id, outcome) FROM submissions WHERE session_id IN " + in);
                assertThat(subs.get(0)).as("submission rows").isEqualTo(subs.get(1)).isEqualTo((long) attended);
                for (String rollup : List.of("student_subject_daily", "student_subject_monthly", "session_daily")) {
                    assertThat(BurstCollege.query(platform, "SELECT sum(held), sum(present) + sum(late), sum(absent), sum(excused), sum(flagged) "
                            + "FROM " + rollup + " WHERE class_id LIKE 'CF%'")).as(rollup)
                            .containsExactly((long) STUDENTS, (long) attended, (long) STUDENTS - attended - 5, 5L, 0L);
                }
            } finally {
                processor.close();
            }
        }
    }

    private static boolean absentee(Student s) {
        // every tenth student of each class (students are dealt to classes round-robin)
        return BurstCollege.number(s) / CLASSES % 10 == 9;
    }

    private static long decisionRows(EmbeddedStack platform) throws Exception {
        return BurstCollege.count(platform, "SELECT count() FROM decisions FINAL WHERE class_id LIKE 'CF%'");
    }
}
