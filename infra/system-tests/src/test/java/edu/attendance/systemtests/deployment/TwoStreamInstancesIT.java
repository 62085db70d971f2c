package edu.attendance.systemtests.deployment;

import edu.attendance.systemtests.resilience.StreamProcessorProcess;

import edu.attendance.contracts.Topics;
import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.BurstCollege;
import edu.attendance.systemtests.BurstCollege.Student;
import edu.attendance.systemtests.TestStack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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

    @Test
    void oneInstanceKilledMidBurstLeavesExactlyOneDecisionPerStudent() throws Exception {
        try (EmbeddedStack platform = TestStack.start(dir.resolve("platform"), Map.of("attendance.stream.enabled", "false",
                "attendance.capture.campus-cidrs", "127.0.0.0/8", "attendance.sessions.qr-rotation-seconds", "60"));
             ExecutorService pool = Executors.newFixedThreadPool(24)) {
            Api api = new Api(platform.baseUrl());
            BurstCollege college = BurstCollege.enrol(api, pool, 'w', CLASSES, PER_CLASS);
            String teacher = college.teacher();
            List<String> sessions = college.sessions();
            List<Student> students = college.students();
            int n = students.size();

            BurstCollege.stopMerges(platform);
            StreamProcessorProcess first = StreamProcessorProcess.start(platform, dir.resolve("p1"), "instance-1");
            StreamProcessorProcess second = StreamProcessorProcess.start(platform, dir.resolve("p2"), "instance-2");
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> first.started() && second.started());
                // the instances run with the default count (6): the topics keep the embedded run's 2, or every session's
                // key would move to a partition whose task never saw the session open
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrap()))) {
                    assertThat(admin.describeTopics(Topics.ALL.stream().map(t -> t.name()).toList()).allTopicNames().get().values())
                            .as("partitions per topic after instances configured otherwise started")
                            .allSatisfy(t -> assertThat(t.partitions()).hasSize(2));
                }
                AtomicInteger accepted = new AtomicInteger();
                // four phones at a time: the burst lasts long enough for the kill to land in its middle
                CompletableFuture<List<Integer>> burst = CompletableFuture.supplyAsync(() -> college.scanAll(pool, students, 4, accepted));
                // (ignoring a failed count: a ClickHouse that died is started again by the embedded run and the history goes on)
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> BurstCollege.count(platform, "SELECT count() FROM decisions FINAL WHERE class_id LIKE 'CW%'") >= 50);
                long killedAt = System.nanoTime();
                first.kill();
                long atKill = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> BurstCollege.count(platform, "SELECT count() FROM decisions FINAL WHERE class_id LIKE 'CW%'"), c -> true);
                assertThat(accepted.get()).as("the kill came before the burst's end").isLessThan(n);
                assertThat(burst.join()).as("every scan accepted").containsOnly(202);
                await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                        assertThat(BurstCollege.count(platform, "SELECT count() FROM decisions FINAL WHERE class_id LIKE 'CW%'")).isEqualTo(n));
                System.out.printf("one of two stream instances killed with %d of %d decisions written; all %d decided %.1f s after the kill%n",
                        atKill, n, n, (System.nanoTime() - killedAt) / 1e9);

                // exactly once: not one row twice (before merges), the rollup agrees, and each live view counts its class
                assertThat(BurstCollege.count(platform, "SELECT count() FROM decisions WHERE class_id LIKE 'CW%'"))
                        .isEqualTo(BurstCollege.count(platform, "SELECT uniqExact(session_id, student_email, version) FROM decisions WHERE class_id LIKE 'CW%'"))
                        .isEqualTo(n);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(BurstCollege.count(platform,
                        "SELECT sum(held) FROM student_subject_daily WHERE class_id LIKE 'CW%'")).isEqualTo(n));
                assertThat(BurstCollege.count(platform, "SELECT sum(present) + sum(late) + sum(flagged) FROM student_subject_daily WHERE class_id LIKE 'CW%'"))
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
}
