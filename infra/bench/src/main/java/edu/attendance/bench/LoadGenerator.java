package edu.attendance.bench;

import edu.attendance.launcher.EmbeddedStack;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static edu.attendance.bench.BenchClient.parallel;
import static edu.attendance.bench.BenchClient.pct;

/**
 * {@code ./attendance bench [--students N] [--sessions M] [--concurrency C]}: starts the whole embedded
 * stack in a fresh data directory, imports N students across M classes, opens M sessions, watches every
 * session's {@code /live/stream} as the teacher's screen would, fires every student's scan concurrently at
 * the API, waits until every decision is in ClickHouse, and prints accepted/s, API latency p50/p99,
 * scan→visible on /live p50/p99, scan→decision-in-ClickHouse latency p50/p99, decisions lost, duplicates
 * and peak resident memory.
 */
final class LoadGenerator {

    private final BenchClient api;

    private LoadGenerator(String base) {
        this.api = new BenchClient(base);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchClient.options(args);
        int students = Integer.parseInt(opts.getOrDefault("students", "3000"));
        int sessions = Integer.parseInt(opts.getOrDefault("sessions", "50"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "64"));
        String commitInterval = opts.getOrDefault("commit-interval", "100ms");
        Path dir = Files.createTempDirectory("attendance-bench");
        System.out.printf("bench: %d students, %d sessions, concurrency %d; data in %s%n", students, sessions, concurrency, dir);
        long t0 = System.nanoTime();
        try (EmbeddedStack platform = EmbeddedStack.start(new EmbeddedStack.Options(dir, 0, Map.of("attendance.http.max-streams-per-user", "10000", "attendance.devices.require-key", "false", "attendance.sink.max-delay", "100ms", "attendance.stream.commit-interval", commitInterval,
                // the load generator is the campus: every student comes from 127.0.0.1, as from a college NAT
                "attendance.capture.campus-cidrs", "127.0.0.0/8")))) {
            System.out.printf("platform ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            new LoadGenerator(platform.baseUrl()).run(platform, students, sessions, concurrency);
        }
    }

    private record Student(String email, String token, String device, int session) {
    }

    private record Sent(String email, UUID submissionId, long sentNanos, Instant sentAt, int status, long latencyNanos) {
    }

    private void run(EmbeddedStack platform, int n, int m, int concurrency) throws Exception {
        String admin = api.login("admin@college.test");
        BenchClient.Roster roster = BenchClient.Roster.ofClasses('B', "Bench", m, n);
        api.csv(admin, "departments", roster.departments());
        api.csv(admin, "classes", roster.classes());
        api.csv(admin, "courses", roster.courses());
        api.csv(admin, "teachers", roster.teachers());
        long importStart = System.nanoTime();
        api.csv(admin, "students", roster.students());
        System.out.printf("roster: %d students imported in %.2f s%n", n, (System.nanoTime() - importStart) / 1e9);
        api.csv(admin, "subjects", roster.subjects());

        String teacher = api.login("bench-teacher@college.test");
        List<String> sessionIds = new ArrayList<>();
        for (int c = 0; c < m; c++) {
            JsonNode s = api.post("/api/v1/sessions", teacher, "{\"subjectId\":\"BS" + c + "\",\"durationMinutes\":60}", Map.of()).body();
            sessionIds.add(s.path("sessionId").asString());
        }
        System.out.print("students: logging in and registering devices … ");
        List<Student> all = parallel(n, concurrency, i -> {
            String email = "b" + i + "@bench.test";
            String token = api.login(email);
            String device = "bench-dev-" + i;
            api.post("/api/v1/devices", token, "{\"deviceUuid\":\"" + device + "\",\"fingerprintHash\":\"fp-" + device
                    + "\",\"platform\":\"ANDROID\"}", Map.of());
            return new Student(email, token, device, i % m);
        });
        System.out.println("done");

        Map<Integer, String> qr = new ConcurrentHashMap<>();
        for (int c = 0; c < m; c++) {
            qr.put(c, api.get("/api/v1/sessions/" + sessionIds.get(c) + "/qr", teacher).path("token").asString());
        }
        LiveWatcher live = new LiveWatcher(api.base, List.of(teacher), sessionIds);
        System.out.printf("firing %d scans …%n", n);
        AtomicInteger expiredRetries = new AtomicInteger();
        long fireStart = System.nanoTime();
        List<Sent> sent = parallel(n, concurrency, i -> {
            Student s = all.get(i);
            for (int attempt = 0; ; attempt++) {
                UUID id = UUID.randomUUID();
                String body = "{\"submissionId\":\"" + id + "\",\"qrToken\":\"" + qr.get(s.session()) + "\",\"capturedAt\":\""
                        + Instant.now() + "\",\"offline\":false}";
                long start = System.nanoTime();
                Instant at = Instant.now();
                BenchClient.Result r = api.post("/api/v1/scans", s.token(), body, Map.of("X-Device-Id", s.device(), "X-Device-Fingerprint", "fp-" + s.device()));
                long latency = System.nanoTime() - start;
                if (r.status() == 422 && "QR_EXPIRED".equals(r.body().path("code").asString()) && attempt < 3) {
                    expiredRetries.incrementAndGet();
                    qr.put(s.session(), api.get("/api/v1/sessions/" + sessionIds.get(s.session()) + "/qr", teacher).path("token").asString());
                    continue;
                }
                return new Sent(s.email(), id, start, at, r.status(), latency);
            }
        });
        long fireEnd = System.nanoTime();
        long accepted = sent.stream().filter(x -> x.status() == 202).count();
        Map<Integer, Long> byStatus = sent.stream().collect(Collectors.groupingBy(Sent::status, Collectors.counting()));

        Map<String, Sent> bySubmission = sent.stream().filter(x -> x.status() == 202)
                .collect(Collectors.toMap(x -> x.submissionId().toString(), x -> x));
        String in = sessionIds.stream().map(s -> "'" + s + "'").collect(Collectors.joining(","));
        long waitStart = System.nanoTime();
        long decided = 0;
        try (Connection c = platform.clickhouse(); Statement st = c.createStatement()) {
            while (System.nanoTime() - waitStart < Duration.ofMinutes(5).toNanos()) {
                try (ResultSet rs = st.executeQuery("SELECT uniqExact(session_id, student_email) FROM decisions FINAL WHERE session_id IN (" + in
                        + ") AND status IN ('PRESENT','LATE','FLAGGED')")) {
                    rs.next();
                    decided = rs.getLong(1);
                }
                if (decided >= accepted) {
                    break;
                }
                Thread.sleep(200); // polling the benchmark's own target, not test synchronisation
            }
            long[] endToEnd;
            try (ResultSet rs = st.executeQuery("SELECT submission_id, toUnixTimestamp64Milli(min(ingested_at)) FROM decisions WHERE session_id IN ("
                    + in + ") AND submission_id != '' GROUP BY submission_id")) {
                List<Long> l = new ArrayList<>();
                while (rs.next()) {
                    Sent s = bySubmission.get(rs.getString(1));
                    if (s != null) {
                        l.add(rs.getLong(2) - s.sentAt().toEpochMilli());
                    }
                }
                endToEnd = l.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            long[] streamLag;
            long[] sinkLag;
            Map<String, Long> decidedMillis = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT toUnixTimestamp64Milli(decided_at) - toUnixTimestamp64Milli(at), "
                    + "toUnixTimestamp64Milli(ingested_at) - toUnixTimestamp64Milli(decided_at), student_email, "
                    + "toUnixTimestamp64Milli(decided_at) FROM decisions WHERE session_id IN (" + in + ") AND submission_id != ''")) {
                List<Long> a = new ArrayList<>();
                List<Long> b = new ArrayList<>();
                while (rs.next()) {
                    a.add(rs.getLong(1));
                    b.add(rs.getLong(2));
                    decidedMillis.merge(rs.getString(3), rs.getLong(4), Math::min);
                }
                streamLag = a.stream().mapToLong(Long::longValue).sorted().toArray();
                sinkLag = b.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            long rows;
            long distinct;
            try (ResultSet rs = st.executeQuery("SELECT count(), uniqExact(session_id, student_email, version) FROM decisions WHERE session_id IN (" + in + ")")) {
                rs.next();
                rows = rs.getLong(1);
                distinct = rs.getLong(2);
            }
            live.close();
            long[] onLive = sent.stream().filter(x -> x.status() == 202 && live.seenMillis.containsKey(x.email()))
                    .mapToLong(x -> live.seenMillis.get(x.email()) - x.sentAt().toEpochMilli()).sorted().toArray();
            long[] decisionToLive = decidedMillis.entrySet().stream().filter(e -> live.seenMillis.containsKey(e.getKey()))
                    .mapToLong(e -> live.seenMillis.get(e.getKey()) - e.getValue()).sorted().toArray();
            long[] apiLatency = sent.stream().filter(x -> x.status() == 202).mapToLong(Sent::latencyNanos).sorted().toArray();
            double seconds = (fireEnd - fireStart) / 1e9;
            System.out.println();
            System.out.println("=== results ===");
            System.out.printf("scans sent           %d (by status %s; %d retried after a QR rotation)%n", n, byStatus, expiredRetries.get());
            System.out.printf("accepted/s           %.0f  (%d accepted in %.2f s, concurrency %d)%n", accepted / seconds, accepted, seconds, concurrency);
            System.out.printf("API latency          p50 %.1f ms, p99 %.1f ms%n", pct(apiLatency, 50) / 1e6, pct(apiLatency, 99) / 1e6);
            System.out.printf("scan→/live           p50 %d ms, p99 %d ms (seen on the teacher's live stream; %d of %d seen)%n",
                    pct(onLive, 50), pct(onLive, 99), onLive.length, accepted);
            System.out.printf("  decision→/live     p50 %d ms, p99 %d ms (from the stream's decision to the teacher's screen)%n",
                    pct(decisionToLive, 50), pct(decisionToLive, 99));
            System.out.printf("scan→ClickHouse      p50 %d ms, p99 %d ms%n", pct(endToEnd, 50), pct(endToEnd, 99));
            System.out.printf("  of which stream    min %d ms, p50 %d ms, p99 %d ms (capture → decision)%n",
                    streamLag.length == 0 ? 0 : streamLag[0], pct(streamLag, 50), pct(streamLag, 99));
            System.out.printf("  of which sink      p50 %d ms, p99 %d ms (decision → row in ClickHouse)%n", pct(sinkLag, 50), pct(sinkLag, 99));
            System.out.printf("decisions lost       %d%n", Math.max(0, accepted - decided));
            System.out.printf("duplicate rows       %d (raw rows %d, distinct (session, student, version) %d; FINAL collapses them)%n",
                    rows - distinct, rows, distinct);
            System.out.printf("peak RSS             %d MiB (JVM with Kafka and the services + PostgreSQL + chDB)%n", platform.memoryMib(true));
        }
    }

}
