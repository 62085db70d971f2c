package edu.attendance.systemtests.deployment;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.BurstCollege;
import edu.attendance.systemtests.TestStack;
import edu.attendance.systemtests.resilience.StreamProcessorProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first part of the network rehearsal: the three Kafka brokers each on a host of its own (a network namespace on a
 * virtual link to one bridge, {@link HostNetwork}), the platform on the machine beside them, students scanning while the
 * network fails — a broker's link cut (partitioned away, its process running), 200 ms of latency and 5 % loss on
 * another's (where the kernel has netem), every broker's link cut (the platform cut from Kafka). For each fault: scans accepted and refused, how long the burst took, and at the end every 202 exactly one
 * decision (no false 202, none doubled). Skipped, with the reason, where namespaces cannot be made (not root).
 */
class NetworkRehearsalIT {

    private static final int PER_PHASE = 60;
    /** Scans while cut from Kafka: each waits out the producer's delivery timeout (10 s), so one round of the pool. */
    private static final int REFUSED = 16;

    @TempDir
    Path dir;

    @Test
    void scansThroughAPartitionedBrokerAndASlowLossyLinkAreEachDecidedOnce() throws Exception {
        Assumptions.assumeTrue(HostNetwork.unavailable().isEmpty(), () -> HostNetwork.unavailable().orElse(""));
        try (HostNetwork network = new HostNetwork();
             KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"), 3, network);
             EmbeddedStack platform = TestStack.start(dir.resolve("platform"), Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                     "attendance.kafka.replication", "3", "attendance.sessions.qr-rotation-seconds", "60"))) {
            Api api = new Api(platform.baseUrl());
            KafkaClusterIT.Fleet fleet = KafkaClusterIT.Fleet.enrol(api, "n", 4 * PER_PHASE + REFUSED + 100);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            Map<Integer, UUID> accepted = new ConcurrentHashMap<>();
            List<String> figures = new ArrayList<>();
            int next = 0;
            try {
                figures.add(phase("all links up", fleet, pool, KafkaClusterIT.range(next, next += PER_PHASE), accepted));

                // a broker partitioned away mid-burst: the other two are min ISR, so every scan is still accepted
                List<Integer> cutOf = KafkaClusterIT.range(next, next += PER_PHASE);
                var burst = java.util.concurrent.CompletableFuture.supplyAsync(() -> phase("broker 1 partitioned away", fleet, pool, cutOf, accepted));
                network.cut(KafkaCluster.host(0));
                figures.add(burst.join());
                figures.add(phase("broker 1 still away", fleet, pool, KafkaClusterIT.range(next, next += PER_PHASE), accepted));
                network.mend(KafkaCluster.host(0));

                // 200 ms each way and 5 % of packets lost on broker 2's link, where the kernel can
                var noNetem = network.noNetem();
                if (noNetem.isEmpty()) {
                    network.degrade(KafkaCluster.host(1), 200, 5);
                    figures.add(phase("broker 2 at 200 ms, 5 % loss", fleet, pool, KafkaClusterIT.range(next, next += PER_PHASE), accepted));
                    network.restore(KafkaCluster.host(1));
                } else {
                    figures.add("rehearsal, broker 2 at 200 ms, 5 % loss: not run here: " + noNetem.get());
                }

                // the platform cut from every broker: refused with 503 once the producer's delivery timeout passes, never
                // a 202; the links mended, scans are accepted again and the refused students' retries go through
                for (int i = 0; i < 3; i++) {
                    network.cut(KafkaCluster.host(i));
                }
                List<Integer> cutOff = KafkaClusterIT.range(next, next += REFUSED);
                long cutAt = System.nanoTime();
                Map<Integer, Api.Response> refused = fleet.scanAll(pool, cutOff, accepted);
                Map<Integer, Integer> refusedStatuses = KafkaClusterIT.statuses(refused);
                assertThat(refusedStatuses).as("cut from Kafka").containsOnlyKeys(503);
                assertThat(refused.values()).allSatisfy(r -> assertThat(r.code()).isEqualTo("UNAVAILABLE"));
                figures.add(String.format("rehearsal, the platform cut from every broker: %s in %.1f s", refusedStatuses,
                        (System.nanoTime() - cutAt) / 1e9));
                long mendedAt = System.nanoTime();
                for (int i = 0; i < 3; i++) {
                    network.mend(KafkaCluster.host(i));
                }
                int[] probe = {next};
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    fleet.showCode();
                    return fleet.scan(probe[0]++, accepted).status() == 202;
                });
                next = probe[0];
                figures.add(String.format("rehearsal, links mended: a scan accepted again %.1f s after", (System.nanoTime() - mendedAt) / 1e9));
                List<Integer> retries = KafkaClusterIT.range(0, next).stream().filter(i -> !accepted.containsKey(i)).toList();
                assertThat(retries).containsAll(cutOff);
                figures.add(phase("the refused students' retries", fleet, pool, retries, accepted));
            } finally {
                pool.shutdownNow();
            }
            // every student was accepted in the end: one broker away or slow leaves the two that make min ISR, and the
            // ones refused while the platform was cut off went through on their retry
            assertThat(accepted).hasSize(next);
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                Map<String, List<String>> decided = fleet.decisions(platform);
                assertThat(decided).as("decided %d of %d accepted", decided.size(), accepted.size()).hasSize(accepted.size());
                for (Map.Entry<Integer, UUID> e : accepted.entrySet()) {
                    assertThat(decided.get(fleet.email(e.getKey()))).as(fleet.email(e.getKey())).containsExactly(e.getValue().toString());
                }
            });
            figures.forEach(System.out::println);
            System.out.printf("rehearsal: %d accepted, all decided once (0 false 202s, 0 doubled), the last %.1f s after the faults ended%n",
                    accepted.size(), (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Two stream instances on hosts of their own; one is cut off from the network in the middle of a burst (its process
     * running, its transaction unfinished): the other takes its partitions after the takeover window, every scan is
     * decided exactly once, and when the link is mended the cut-off instance, fenced, rejoins without doubling a row.
     */
    @Test
    void aStreamInstanceCutOffMidBurstDoublesNothing() throws Exception {
        Assumptions.assumeTrue(HostNetwork.unavailable().isEmpty(), () -> HostNetwork.unavailable().orElse(""));
        int classes = 4;
        int perClass = 60;
        try (HostNetwork network = new HostNetwork();
             KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"), 3, network);
             EmbeddedStack platform = TestStack.start(dir.resolve("platform"), Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                     "attendance.kafka.replication", "3", "attendance.stream.enabled", "false",
                     "attendance.capture.campus-cidrs", "127.0.0.0/8", "attendance.sessions.qr-rotation-seconds", "60"));
             ExecutorService pool = Executors.newFixedThreadPool(24)) {
            // ClickHouse listens on loopback: a relay on the bridge lets the stream hosts reach it
            String url = platform.context().getEnvironment().getProperty("attendance.clickhouse.url");
            int chPort = java.net.URI.create(url.substring("jdbc:".length())).getPort();
            try (Relay relay = new Relay(HostNetwork.GATEWAY, chPort)) {
                String remoteUrl = url.replace("127.0.0.1:" + chPort, HostNetwork.GATEWAY + ":" + relay.port());
                network.host("s1", 21);
                network.host("s2", 22);
                Api api = new Api(platform.baseUrl());
                BurstCollege college = BurstCollege.enrol(api, pool, 'r', classes, perClass);
                List<BurstCollege.Student> students = college.students();
                int n = students.size();
                BurstCollege.stopMerges(platform);
                StreamProcessorProcess first = StreamProcessorProcess.start(platform, dir.resolve("s1"), "rehearsal-1", Map.of(),
                        cmd -> HostNetwork.on("s1", cmd), remoteUrl);
                StreamProcessorProcess second = StreamProcessorProcess.start(platform, dir.resolve("s2"), "rehearsal-2", Map.of(),
                        cmd -> HostNetwork.on("s2", cmd), remoteUrl);
                try {
                    await().atMost(Duration.ofSeconds(120)).until(() -> first.started() && second.started());
                    java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
                    var burst = java.util.concurrent.CompletableFuture.supplyAsync(() -> college.scanAll(pool, students, 4, accepted));
                    String decided = "SELECT count() FROM decisions FINAL WHERE class_id LIKE 'CR%'";
                    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> BurstCollege.count(platform, decided) >= 30);
                    long cutAt = System.nanoTime();
                    network.cut("s1");
                    assertThat(burst.join()).as("every scan accepted: the API does not need the stream").containsOnly(202);
                    await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                            assertThat(BurstCollege.count(platform, decided)).isEqualTo(n));
                    double allDecided = (System.nanoTime() - cutAt) / 1e9;
                    long mendAt = System.nanoTime();
                    network.mend("s1");
                    // the cut-off instance comes back, is fenced, and the group settles with both: still not one row twice
                    for (String s : college.sessions()) {
                        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                            var counts = api.get("/api/v1/sessions/" + s + "/live", college.teacher()).json().path("counts");
                            assertThat(counts.path("present").asInt() + counts.path("late").asInt() + counts.path("flagged").asInt())
                                    .isEqualTo(perClass);
                        });
                    }
                    assertThat(BurstCollege.count(platform, "SELECT count() FROM decisions WHERE class_id LIKE 'CR%'"))
                            .isEqualTo(BurstCollege.count(platform,
                                    "SELECT uniqExact(session_id, student_email, version) FROM decisions WHERE class_id LIKE 'CR%'"))
                            .isEqualTo(n);
                    System.out.printf("rehearsal, a stream instance cut off mid-burst: %d of %d scans 202, all %d decided %.1f s after the cut"
                            + " (takeover window 10 s), 0 doubled after the link was mended (live views settled %.1f s after)%n",
                            accepted.get(), n, n, allDecided, (System.nanoTime() - mendAt) / 1e9);
                } finally {
                    second.close();
                    first.close();
                }
            }
        }
    }

    /** One burst of scans: the answers' statuses and how long it took, as a line for the figures. */
    private static String phase(String name, KafkaClusterIT.Fleet fleet, ExecutorService pool, List<Integer> students,
                                Map<Integer, UUID> accepted) {
        long t0 = System.nanoTime();
        Map<Integer, Integer> statuses = KafkaClusterIT.statuses(fleet.scanAll(pool, students, accepted));
        assertThat(statuses).as(name).containsOnlyKeys(202);
        return String.format("rehearsal, %s: %s in %.1f s", name, statuses, (System.nanoTime() - t0) / 1e9);
    }
}
