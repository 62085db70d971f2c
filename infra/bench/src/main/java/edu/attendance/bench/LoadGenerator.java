package edu.attendance.bench;

import edu.attendance.launcher.Platform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * {@code ./attendance bench [--students N] [--sessions M] [--concurrency C]}: starts the whole embedded
 * stack in a fresh data directory, imports N students across M classes, opens M sessions, fires every
 * student's scan concurrently at the API, waits until every decision is in ClickHouse, and prints
 * accepted/s, API latency p50/p99, scan→decision-in-ClickHouse latency p50/p99, decisions lost,
 * duplicates and peak resident memory.
 */
public final class LoadGenerator {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    private LoadGenerator(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int students = Integer.parseInt(opts.getOrDefault("students", "3000"));
        int sessions = Integer.parseInt(opts.getOrDefault("sessions", "50"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "64"));
        String commitInterval = opts.getOrDefault("commit-interval", "100ms");
        Path dir = Files.createTempDirectory("attendance-bench");
        System.out.printf("bench: %d students, %d sessions, concurrency %d; data in %s%n", students, sessions, concurrency, dir);
        long t0 = System.nanoTime();
        try (Platform platform = Platform.start(new Platform.Options(dir, 0, Map.of("attendance.sink.max-delay", "100ms", "attendance.stream.commit-interval", commitInterval,
                // the load generator is the campus: every student comes from 127.0.0.1, as from a college NAT
                "attendance.capture.campus-cidrs", "127.0.0.0/8")))) {
            System.out.printf("platform ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            new LoadGenerator(platform.baseUrl()).run(platform, students, sessions, concurrency);
        }
    }

    private record Student(String email, String token, String device, int session) {
    }

    private record Sent(UUID submissionId, long sentNanos, Instant sentAt, int status, long latencyNanos) {
    }

    private void run(Platform platform, int n, int m, int concurrency) throws Exception {
        String admin = login("admin@college.test");
        StringBuilder classes = new StringBuilder("class_id,department_id,batch,semester,section\n");
        StringBuilder subjects = new StringBuilder("subject_id,course_id,class_id,teacher_email\n");
        for (int c = 0; c < m; c++) {
            classes.append("BC").append(c).append(",BD,2024,1,S").append(c).append('\n');
            subjects.append("BS").append(c).append(",BK,BC").append(c).append(",bench-teacher@college.test\n");
        }
        StringBuilder roster = new StringBuilder("email,name,roll_no,class_id\n");
        for (int i = 0; i < n; i++) {
            roster.append("s").append(i).append("@bench.test,Student ").append(i).append(',').append(i).append(",BC").append(i % m).append('\n');
        }
        csv(admin, "departments", "department_id,name\nBD,Bench\n");
        csv(admin, "classes", classes.toString());
        csv(admin, "courses", "course_id,name\nBK,Bench course\n");
        csv(admin, "teachers", "email,name,designation,department_id\nbench-teacher@college.test,T,Prof,BD\n");
        long importStart = System.nanoTime();
        csv(admin, "students", roster.toString());
        System.out.printf("roster: %d students imported in %.2f s%n", n, (System.nanoTime() - importStart) / 1e9);
        csv(admin, "subjects", subjects.toString());

        String teacher = login("bench-teacher@college.test");
        List<String> sessionIds = new ArrayList<>();
        for (int c = 0; c < m; c++) {
            JsonNode s = post("/api/v1/sessions", teacher, "{\"subjectId\":\"BS" + c + "\",\"durationMinutes\":60}", Map.of()).body;
            sessionIds.add(s.path("sessionId").asString());
        }
        System.out.print("students: logging in and registering devices … ");
        List<Student> all = parallel(n, concurrency, i -> {
            String email = "s" + i + "@bench.test";
            String token = login(email);
            String device = "bench-dev-" + i;
            post("/api/v1/devices", token, "{\"deviceUuid\":\"" + device + "\",\"fingerprintHash\":\"fp-" + device
                    + "\",\"platform\":\"ANDROID\"}", Map.of());
            return new Student(email, token, device, i % m);
        });
        System.out.println("done");

        Map<Integer, String> qr = new ConcurrentHashMap<>();
        for (int c = 0; c < m; c++) {
            qr.put(c, get("/api/v1/sessions/" + sessionIds.get(c) + "/qr", teacher).path("token").asString());
        }
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
                Result r = post("/api/v1/scans", s.token(), body, Map.of("X-Device-Id", s.device(), "X-Device-Fingerprint", "fp-" + s.device()));
                long latency = System.nanoTime() - start;
                if (r.status == 422 && "QR_EXPIRED".equals(r.body.path("code").asString()) && attempt < 3) {
                    expiredRetries.incrementAndGet();
                    qr.put(s.session(), get("/api/v1/sessions/" + sessionIds.get(s.session()) + "/qr", teacher).path("token").asString());
                    continue;
                }
                return new Sent(id, start, at, r.status, latency);
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
        try (Connection c = DriverManager.getConnection(platform.clickhouseUrl()); Statement st = c.createStatement()) {
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
            try (ResultSet rs = st.executeQuery("SELECT toUnixTimestamp64Milli(decided_at) - toUnixTimestamp64Milli(at), "
                    + "toUnixTimestamp64Milli(ingested_at) - toUnixTimestamp64Milli(decided_at) FROM decisions WHERE session_id IN ("
                    + in + ") AND submission_id != ''")) {
                List<Long> a = new ArrayList<>();
                List<Long> b = new ArrayList<>();
                while (rs.next()) {
                    a.add(rs.getLong(1));
                    b.add(rs.getLong(2));
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
            long[] api = sent.stream().filter(x -> x.status() == 202).mapToLong(Sent::latencyNanos).sorted().toArray();
            double seconds = (fireEnd - fireStart) / 1e9;
            System.out.println();
            System.out.println("=== results ===");
            System.out.printf("scans sent           %d (by status %s; %d retried after a QR rotation)%n", n, byStatus, expiredRetries.get());
            System.out.printf("accepted/s           %.0f  (%d accepted in %.2f s, concurrency %d)%n", accepted / seconds, accepted, seconds, concurrency);
            System.out.printf("API latency          p50 %.1f ms, p99 %.1f ms%n", pct(api, 50) / 1e6, pct(api, 99) / 1e6);
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

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private interface Task<T> {
        T run(int i) throws Exception;
    }

    private static <T> List<T> parallel(int n, int concurrency, Task<T> task) throws Exception {
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<T>> futures = new ArrayList<>(n);
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int k = i;
                permits.acquire();
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return task.run(k);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        permits.release();
                    }
                }, executor));
            }
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private record Result(int status, JsonNode body) {
    }

    private String login(String email) throws Exception {
        return post("/api/v1/auth/dev-login", null, "{\"email\":\"" + email + "\"}", Map.of()).body.path("accessToken").asString();
    }

    private void csv(String token, String entity, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/roster/" + entity))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(entity + " import failed: " + r.body());
        }
    }

    private JsonNode get(String path, String token) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        return JSON.readTree(r.body());
    }

    private Result post(String path, String token, String json, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Result(r.statusCode(), r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body()));
    }

}
