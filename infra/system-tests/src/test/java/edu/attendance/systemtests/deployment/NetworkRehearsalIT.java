package edu.attendance.systemtests.deployment;

import edu.attendance.engines.chdb.ChdbProcess;
import edu.attendance.engines.kafka.EmbeddedKafka;
import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.platform.kafka.KafkaAccess;
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
 * The network rehearsal: the production topology's parts on hosts of their own (network namespaces on virtual links to
 * one bridge, {@link HostNetwork}) — the three Kafka brokers, signing every client in (SCRAM) and allowing only what
 * each service's ACLs grant; stream instances; a second ingest instance behind the deployment's nginx — while the
 * network fails: a broker's link cut, frames lost on another's (200 ms of latency too where the kernel has netem), the
 * platform cut from every broker, a stream instance cut off, an ingest instance slowed from PostgreSQL, cut from Kafka,
 * killed. For each fault: answers, how long, what the teacher's screen showed, and at the end every 202 exactly one
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
        EmbeddedKafka.Sasl sasl = KafkaAccessIT.users(KafkaAccessIT.EMBEDDED, dir.resolve("tls"));
        // broker 2's clients (the platform, and the other brokers fetching from it) reach it through a relay on the
        // machine, which can slow that link where the kernel has no netem
        try (HostNetwork network = new HostNetwork();
             Relay broker2Link = new Relay(HostNetwork.GATEWAY, java.net.InetAddress.getByName("10.77.0.12"), 9092);
             KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"), 3, network, sasl, Map.of(1, HostNetwork.GATEWAY + ":" + broker2Link.port()));
             EmbeddedStack platform = TestStack.start(dir.resolve("platform"), signedIn(kafka, sasl, Map.of("attendance.sessions.qr-rotation-seconds", "60")))) {
            Api api = new Api(platform.baseUrl());
            KafkaClusterIT.Fleet fleet = KafkaClusterIT.Fleet.enrol(api, "n", 5 * PER_PHASE + REFUSED + 100);
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

                // 5 % of the frames lost on broker 2's link (dropped on the bridge by nftables, or by netem), then 200 ms
                // each way on it (netem, or the relay every client of broker 2 goes through)
                var noNetem = network.noNetem();
                if (HostNetwork.noNftables().isEmpty()) {
                    network.lose(KafkaCluster.host(1), 5);
                    figures.add(phase("broker 2 losing 5 % of its frames each way", fleet, pool, KafkaClusterIT.range(next, next += PER_PHASE),
                            accepted));
                    network.stopLosing(KafkaCluster.host(1));
                } else if (noNetem.isEmpty()) {
                    network.degrade(KafkaCluster.host(1), 0, 5);
                    figures.add(phase("broker 2 losing 5 % of its packets", fleet, pool, KafkaClusterIT.range(next, next += PER_PHASE), accepted));
                    network.restore(KafkaCluster.host(1));
                } else {
                    figures.add("rehearsal, broker 2 losing 5 %: not run here: " + noNetem.get() + "; " + HostNetwork.noNftables().get());
                }
                // what the delay slows: the connections to broker 2 — the partitions it leads, and the followers fetching
                // from it (its own fetches as a follower go out directly)
                String led = kafka.leads(1, "attendance.submissions");
                broker2Link.delay(Duration.ofMillis(200));
                figures.add(phase("broker 2's link at 200 ms each way (it leads " + led + " submissions partitions)", fleet, pool,
                        KafkaClusterIT.range(next, next += PER_PHASE), accepted));
                broker2Link.delay(Duration.ZERO);

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
            fleet.awaitEachDecidedOnce(platform, accepted);
            figures.forEach(System.out::println);
            System.out.printf("rehearsal: %d accepted, all decided once (0 false 202s, 0 doubled), the last %.1f s after the faults ended%n",
                    accepted.size(), (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Two stream instances on hosts of their own; one is cut off from the network in the middle of a burst (its process
     * running, its transaction unfinished): the other takes its partitions after the takeover window, every scan is
     * decided exactly once, and when the link is mended the cut-off instance, fenced, rejoins without doubling a row.
     * Then ClickHouse is partitioned from both while another burst is decided: the teachers' live views count it, the
     * history catches up once the link is back, nothing doubled.
     */
    @Test
    void aStreamInstanceCutOffMidBurstDoublesNothing() throws Exception {
        Assumptions.assumeTrue(HostNetwork.unavailable().isEmpty(), () -> HostNetwork.unavailable().orElse(""));
        int classes = 4;
        int perClass = 60;
        EmbeddedKafka.Sasl sasl = KafkaAccessIT.users(KafkaAccessIT.EMBEDDED, dir.resolve("tls"));
        // ClickHouse (chDB) on a host of its own, 10.77.0.50: the platform and both stream instances reach it over the bridge
        try (HostNetwork network = new HostNetwork();
             KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"), 3, network, sasl);
             EmbeddedStack platform = TestStack.start(dir.resolve("platform"), signedIn(kafka, sasl, Map.of("attendance.stream.enabled", "false",
                     "attendance.capture.campus-cidrs", "127.0.0.0/8", "attendance.sessions.qr-rotation-seconds", "60")),
                     new ChdbProcess.Placement(network.host("ch", 50), cmd -> HostNetwork.on("ch", cmd)));
             ExecutorService pool = Executors.newFixedThreadPool(24)) {
            String remoteUrl = platform.context().getEnvironment().getProperty("attendance.clickhouse.url");
            assertThat(remoteUrl).contains("//10.77.0.50:");
            network.host("s1", 21);
            network.host("s2", 22);
            Api api = new Api(platform.baseUrl());
            BurstCollege college = BurstCollege.enrol(api, pool, 'r', classes, perClass);
            List<BurstCollege.Student> students = college.students();
            int n = students.size();
            BurstCollege.stopMerges(platform);
            Map<String, String> streamUser = KafkaAccessIT.signInEnv(sasl, KafkaAccess.Service.STREAM.user());
            StreamProcessorProcess first = StreamProcessorProcess.start(platform, dir.resolve("s1"), "rehearsal-1", streamUser,
                    cmd -> HostNetwork.on("s1", cmd), remoteUrl);
            StreamProcessorProcess second = StreamProcessorProcess.start(platform, dir.resolve("s2"), "rehearsal-2", streamUser,
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

                // ClickHouse's host partitioned from both stream instances, which still reach Kafka (and the platform
                // still reaches it): decisions are made and shown live, the history waits and then catches up, none lost
                // or doubled
                BurstCollege later = BurstCollege.enrol(api, pool, 'q', 2, perClass);
                network.partition("ch", List.of("10.77.0.21", "10.77.0.22"));
                long chCutAt = System.nanoTime();
                java.util.concurrent.atomic.AtomicInteger acceptedLater = new java.util.concurrent.atomic.AtomicInteger();
                assertThat(later.scanAll(pool, later.students(), 4, acceptedLater)).containsOnly(202);
                for (String s : later.sessions()) {
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                        var counts = api.get("/api/v1/sessions/" + s + "/live", later.teacher()).json().path("counts");
                        assertThat(counts.path("present").asInt() + counts.path("late").asInt() + counts.path("flagged").asInt())
                                .isEqualTo(perClass);
                    });
                }
                double liveAfter = (System.nanoTime() - chCutAt) / 1e9;
                String keptLater = "SELECT count() FROM decisions WHERE class_id LIKE 'CQ%'";
                long keptWhileCut = BurstCollege.count(platform, keptLater);
                network.heal("ch");
                long healAt = System.nanoTime();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                        assertThat(BurstCollege.count(platform, keptLater)).isEqualTo(2L * perClass));
                double caughtUp = (System.nanoTime() - healAt) / 1e9;
                assertThat(BurstCollege.count(platform, "SELECT uniqExact(session_id, student_email, version) FROM decisions WHERE class_id LIKE 'CQ%'"))
                        .isEqualTo(2L * perClass);
                System.out.printf("rehearsal, ClickHouse partitioned from both stream instances: %d of %d scans 202, every teacher's live view"
                                + " counting its class %.1f s after the cut; %d of %d decisions in ClickHouse while cut off, all %d %.1f s after the"
                                + " link was mended, 0 doubled%n", acceptedLater.get(), 2 * perClass, liveAfter, keptWhileCut, 2 * perClass,
                        2 * perClass, caughtUp);
            } finally {
                second.close();
                first.close();
            }
        }
    }

    /**
     * Two ingest instances behind the deployment's nginx, each on a host of its own — A (the embedded platform, reached
     * through a relay on the bridge) and B (the ingest service in a JVM of its own on host i1, its PostgreSQL and
     * ClickHouse reached through relays) — with the three brokers on theirs. Students scan through the proxy while B's
     * link to PostgreSQL is slow (200 ms each way), then cut for 30 s, while B is cut from Kafka (but not from the proxy or PostgreSQL),
     * after the link is mended, and while B's host dies.
     * Every answer is a 202 or a refusal the phone retries (the same submission); in the end every student is accepted,
     * each decided exactly once, and the teacher's screen (through the proxy) counts them all.
     */
    @Test
    void anIngestInstanceCutFromKafkaThenKilledLosesAndDoublesNothing() throws Exception {
        Assumptions.assumeTrue(HostNetwork.unavailable().isEmpty(), () -> HostNetwork.unavailable().orElse(""));
        Assumptions.assumeTrue(HostNetwork.noNftables().isEmpty(), () -> HostNetwork.noNftables().orElse(""));
        Assumptions.assumeTrue(Proxy.unavailable().isEmpty(), () -> Proxy.unavailable().orElse(""));
        Map<String, Object> shared = Map.of("attendance.capture.claims", "DATABASE", "attendance.sessions.qr-rotation-seconds", "60",
                "attendance.capture.campus-cidrs", "10.77.0.0/24,127.0.0.0/8");
        EmbeddedKafka.Sasl sasl = KafkaAccessIT.users(KafkaAccessIT.EMBEDDED, dir.resolve("tls"));
        try (HostNetwork network = new HostNetwork();
             KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"), 3, network, sasl);
             EmbeddedStack platform = TestStack.start(dir.resolve("platform"), signedIn(kafka, sasl, shared));
             ExecutorService pool = Executors.newFixedThreadPool(24)) {
            var env = platform.context().getEnvironment();
            int appPort = java.net.URI.create(platform.baseUrl()).getPort();
            int pgPort = java.net.URI.create(env.getProperty("spring.datasource.url").substring("jdbc:".length())).getPort();
            int chPort = java.net.URI.create(env.getProperty("attendance.clickhouse.url").substring("jdbc:".length())).getPort();
            try (Relay app = new Relay(HostNetwork.GATEWAY, appPort);
                 Relay pg = new Relay(HostNetwork.GATEWAY, pgPort);
                 Relay ch = new Relay(HostNetwork.GATEWAY, chPort)) {
                Map<String, String> rewrite = new java.util.HashMap<>();
                for (String loopback : List.of("127.0.0.1:", "localhost:")) {
                    rewrite.put(loopback + pgPort, HostNetwork.GATEWAY + ":" + pg.port());
                    rewrite.put(loopback + chPort, HostNetwork.GATEWAY + ":" + ch.port());
                }
                String b = network.host("i1", 31) + ":" + IngestProcess.PORT;
                String proxyHost = network.host("px", 30);
                String a = HostNetwork.GATEWAY + ":" + app.port();
                Map<String, String> extra = new java.util.HashMap<>();
                shared.forEach((k, v) -> extra.put(k, v.toString()));
                extra.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
                extra.put("attendance.kafka.replication", "3");
                // B signs in as the ingest service, with the ingest service's grants only
                KafkaAccessIT.signIn(sasl, KafkaAccess.Service.INGEST.user(), extra);
                try (IngestProcess second = IngestProcess.start(platform, "i1", dir.resolve("i1"), rewrite, extra);
                     Proxy proxy = new Proxy("px", dir.resolve("px"), List.of(a, b), a)) {
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(second::started);
                    Api viaProxy = new Api("http://" + proxyHost + ":" + Proxy.PORT);
                    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> viaProxy.status("/.well-known/jwks.json", null) == 200);

                    KafkaClusterIT.Fleet enrolled = KafkaClusterIT.Fleet.enrol(new Api(platform.baseUrl()), "g", 6 * PER_PHASE + 40);
                    KafkaClusterIT.Fleet fleet = new KafkaClusterIT.Fleet(viaProxy, enrolled.tag(), enrolled.teacher(), enrolled.session(),
                            enrolled.qr(), enrolled.tokens(), enrolled.submissions());
                    Map<Integer, UUID> accepted = new ConcurrentHashMap<>();
                    int next = 0;

                    System.out.println(phase("two ingest instances behind the proxy", fleet, pool, KafkaClusterIT.range(next, next += PER_PHASE), accepted));
                    System.out.println("  served: " + proxy.scansServed());
                    System.out.println(teacherSees(fleet, accepted.size()));

                    // B's link to PostgreSQL at 200 ms each way (its claims, two statements a scan, wait on it)
                    pg.delay(Duration.ofMillis(200));
                    System.out.println(untilAccepted("ingest B's link to PostgreSQL at 200 ms each way", fleet, pool,
                            KafkaClusterIT.range(next, next += PER_PHASE), accepted));
                    pg.delay(Duration.ZERO);
                    System.out.println("  served: " + proxy.scansServed());
                    System.out.println(teacherSees(fleet, accepted.size()));

                    // B's link to PostgreSQL cut for 30 s (A's is not): B answers 503 within its PostgreSQL timeouts, A takes the retries;
                    // the phones have the code the projector showed before
                    List<Integer> duringPgCut = KafkaClusterIT.range(next, next += PER_PHASE);
                    fleet.showCode();
                    pg.cut();
                    var pgCut = java.util.concurrent.CompletableFuture.supplyAsync(() -> untilAccepted("ingest B's link to PostgreSQL cut for 30 s",
                            fleet, pool, duringPgCut, accepted, false));
                    Thread.sleep(Duration.ofSeconds(30)); // the fault's length
                    pg.mend();
                    System.out.println(pgCut.join());
                    System.out.println("  served: " + proxy.scansServed());
                    System.out.println(teacherSees(fleet, accepted.size()));

                    // B cut from the three brokers, still reached by the proxy and reaching PostgreSQL
                    network.partition("i1", List.of("10.77.0.11", "10.77.0.12", "10.77.0.13"));
                    System.out.println(untilAccepted("ingest B cut from Kafka", fleet, pool, KafkaClusterIT.range(next, next += PER_PHASE), accepted));
                    Map<String, Integer> served = proxy.scansServed();
                    assertThat(served).as("B refused what it could not write, A took the retries").containsKey(b + " 503");
                    System.out.println("  served: " + served);
                    System.out.println(teacherSees(fleet, accepted.size()));
                    network.heal("i1");
                    System.out.println(untilAccepted("ingest B's link to Kafka mended", fleet, pool, KafkaClusterIT.range(next, next += PER_PHASE), accepted));
                    System.out.println("  served: " + proxy.scansServed());

                    // B's host dies in the middle of a burst: what it had in flight is retried through A
                    List<Integer> dying = KafkaClusterIT.range(next, next += PER_PHASE);
                    var burst = java.util.concurrent.CompletableFuture.supplyAsync(() -> untilAccepted("ingest B's host killed mid-burst", fleet, pool,
                            dying, accepted));
                    await().atMost(Duration.ofSeconds(30)).until(() -> dying.stream().filter(accepted::containsKey).count() >= 10);
                    second.kill();
                    System.out.println(burst.join());
                    System.out.println("  served: " + proxy.scansServed());
                    System.out.println(teacherSees(fleet, accepted.size()));

                    assertThat(accepted).as("every student accepted in the end").hasSize(next);
                    long t0 = System.nanoTime();
                    fleet.awaitEachDecidedOnce(platform, accepted);
                    System.out.printf("rehearsal, ingest: %d accepted, all decided once (0 false 202s, 0 doubled), the last %.1f s after the faults%n",
                            accepted.size(), (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }

    /**
     * PostgreSQL on a host of its own (the claims of {@code DATABASE} mode, sign-in, rosters all live there), its link cut
     * for 20 s while a class scans: every answer is a 202 or a 503 the phone retries (never a 500, never a capture that
     * hangs for TCP's minutes), everyone is accepted once the link is back, each decided once.
     */
    @Test
    void postgresCutOffWhileAClassScansIsRefusedThenAccepted() throws Exception {
        Assumptions.assumeTrue(HostNetwork.unavailable().isEmpty(), () -> HostNetwork.unavailable().orElse(""));
        EmbeddedKafka.Sasl sasl = KafkaAccessIT.users(KafkaAccessIT.EMBEDDED, dir.resolve("tls"));
        try (HostNetwork network = new HostNetwork();
             KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"), 3, network, sasl);
             PostgresHost db = new PostgresHost("db", network.host("db", 40), dir.resolve("db"));
             EmbeddedStack platform = TestStack.start(dir.resolve("platform"), signedIn(kafka, sasl, Map.of(
                     "attendance.capture.claims", "DATABASE", "attendance.sessions.qr-rotation-seconds", "60",
                     "spring.datasource.url", db.jdbcUrl(), "spring.datasource.username", db.username(),
                     "spring.datasource.password", db.password())));
             ExecutorService pool = Executors.newFixedThreadPool(16)) {
            KafkaClusterIT.Fleet fleet = KafkaClusterIT.Fleet.enrol(new Api(platform.baseUrl()), "p", 2 * PER_PHASE);
            Map<Integer, UUID> accepted = new ConcurrentHashMap<>();
            System.out.println(untilAccepted("PostgreSQL on a host of its own", fleet, pool, KafkaClusterIT.range(0, PER_PHASE), accepted));
            System.out.println(teacherSees(fleet, accepted.size()));

            network.cut("db");
            long cutAt = System.nanoTime();
            var burst = java.util.concurrent.CompletableFuture.supplyAsync(() -> untilAccepted("PostgreSQL's link cut for 20 s", fleet, pool,
                    KafkaClusterIT.range(PER_PHASE, 2 * PER_PHASE), accepted));
            Thread.sleep(Duration.ofSeconds(20)); // the fault's length: the partition lasts twenty seconds
            int acceptedWhileCut = accepted.size() - PER_PHASE;
            network.mend("db");
            System.out.println(burst.join());
            System.out.printf("  accepted while PostgreSQL was away: %d; the burst ended %.1f s after the link was mended%n", acceptedWhileCut,
                    (System.nanoTime() - cutAt) / 1e9 - 20);
            System.out.println(teacherSees(fleet, accepted.size()));

            fleet.awaitEachDecidedOnce(platform, accepted);
            System.out.printf("rehearsal, PostgreSQL: %d accepted, all decided once (0 false 202s, 0 doubled)%n", accepted.size());
        }
    }

    /**
     * The platform's settings on the rehearsal's cluster: replication 3, and signed in as the embedded stack's user,
     * granted what each service it runs is granted ({@link KafkaAccess}) — the cluster allows nothing without an ACL.
     */
    private static Map<String, Object> signedIn(KafkaCluster kafka, EmbeddedKafka.Sasl sasl, Map<String, Object> more) throws Exception {
        kafka.grant(KafkaAccessIT.grants(KafkaAccessIT.EMBEDDED, List.of(KafkaAccess.Service.values())));
        Map<String, Object> props = new java.util.HashMap<>(more);
        props.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("attendance.kafka.replication", "3");
        KafkaAccessIT.signIn(sasl, KafkaAccessIT.EMBEDDED, props);
        return props;
    }

    /**
     * A burst of scans, each student sending again after a refusal — after its {@code Retry-After}, as the phone waits
     * it (a proxy's 502 says nothing: a second) — until accepted: every answer's status, how many sends the students
     * needed and how long until each was accepted (median, slowest). A refusal is a 503 (the instance could not reach
     * Kafka) or a 502 (the proxy's upstream died with the request): never a 4xx, never a wrong 202.
     */
    private static String untilAccepted(String name, KafkaClusterIT.Fleet fleet, ExecutorService pool, List<Integer> students,
                                        Map<Integer, UUID> accepted) {
        return untilAccepted(name, fleet, pool, students, accepted, true);
    }

    /** The same; {@code freshCode} false: with the code the phones already have. */
    private static String untilAccepted(String name, KafkaClusterIT.Fleet fleet, ExecutorService pool, List<Integer> students,
                                        Map<Integer, UUID> accepted, boolean freshCode) {
        if (freshCode) {
            fleet.showCode();
        }
        Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        Map<Integer, Integer> sends = new ConcurrentHashMap<>();
        Map<Integer, Long> took = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        List<java.util.concurrent.Future<Object>> phoneTasks = new ArrayList<>();
        try (ExecutorService phones = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i : students) {
                phoneTasks.add(phones.submit(() -> {
                    long start = System.nanoTime();
                    for (int n = 1; ; n++) {
                        Api.Response r = fleet.scan(i, accepted);
                        statuses.merge(r.status(), 1, Integer::sum);
                        assertThat(r.status()).as("%s: %s", name, r.status() < 500 ? r.text() : "").isIn(202, 502, 503);
                        if (r.status() == 202) {
                            sends.put(i, n);
                            took.put(i, System.nanoTime() - start);
                            return null;
                        }
                        assertThat(n).as("%s: student %d still refused", name, i).isLessThan(30);
                        Thread.sleep(Duration.ofSeconds(r.headers().firstValueAsLong("Retry-After").orElse(1)));
                    }
                }));
            }
        }
        for (var task : phoneTasks) {
            try {
                task.get(); // a phone's failed check fails the test with its own message
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof AssertionError a ? a : new AssertionError(name, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(name, e);
            }
        }
        assertThat(took).as(name).hasSize(students.size());
        long[] times = took.values().stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("rehearsal, %s: answers %s; sends per student up to %d; accepted after %.1f s (median), %.1f s (slowest); "
                        + "%.1f s in all", name, statuses, sends.values().stream().mapToInt(Integer::intValue).max().orElse(0),
                times[times.length / 2] / 1e9, times[times.length - 1] / 1e9, (System.nanoTime() - t0) / 1e9);
    }

    /** How long after the last answer the teacher's screen (its live view, through the proxy) counts every accepted student. */
    private static String teacherSees(KafkaClusterIT.Fleet fleet, int accepted) {
        long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            var counts = fleet.api().get("/api/v1/sessions/" + fleet.session() + "/live", fleet.teacher()).json().path("counts");
            assertThat(counts.path("present").asInt() + counts.path("late").asInt() + counts.path("flagged").asInt()).isEqualTo(accepted);
        });
        return String.format("  the teacher's screen counted all %d %.1f s after", accepted, (System.nanoTime() - t0) / 1e9);
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
