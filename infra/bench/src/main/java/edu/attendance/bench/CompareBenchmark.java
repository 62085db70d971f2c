package edu.attendance.bench;

import edu.attendance.engines.postgres.EmbeddedPostgres;
import edu.attendance.launcher.Platform;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static edu.attendance.bench.BenchClient.parallel;

/**
 * {@code ./attendance bench compare [--students N] [--sessions M] [--seconds S] [--connections C]}: the hot path side by
 * side with the yardstick (the seeds' design: Express + PostgreSQL, one INSERT per scan, {@code infra/bench/yardstick}),
 * in one run on this machine, under the same load: wrk, 2 threads, C connections (closed loop), every request a distinct
 * student's first scan of a valid code. Prints both rows (accepted/s, p50, p99), the ratio, and for the platform that
 * every 202 became exactly one decision in ClickHouse, the JVM's CPU time per accepted scan and its peak memory.
 * The platform runs with a 60 s QR rotation so that the codes fetched before the run stay valid through it (the
 * validation done per scan is the same as at 2 s).
 */
public final class CompareBenchmark {

    record Row(String system, long accepted, double seconds, double p50, double p99, String statuses) {
        double perSecond() {
            return accepted / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchClient.options(args);
        int students = Integer.parseInt(opts.getOrDefault("students", "30000"));
        int sessions = Integer.parseInt(opts.getOrDefault("sessions", "50"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "15"));
        int connections = Integer.parseInt(opts.getOrDefault("connections", "64"));
        Path yardstick = Path.of(opts.getOrDefault("yardstick", "infra/bench/yardstick"));
        Path dir = Files.createTempDirectory("attendance-compare");
        Path lua = dir.resolve("compare.lua");
        try (InputStream in = CompareBenchmark.class.getResourceAsStream("/compare.lua")) {
            Files.write(lua, in.readAllBytes());
        }
        System.out.printf("compare: %d students, %d sessions, wrk 2 threads × %d connections for %d s; data in %s%n",
                students, sessions, connections, seconds, dir);
        Row yard = yardstick(yardstick, dir, lua, students, sessions, seconds, connections);
        Row platform = platform(dir, lua, students, sessions, seconds, connections);
        System.out.println();
        System.out.println("| system | accepted/s | p50 | p99 | answers |");
        System.out.println("|---|---|---|---|---|");
        for (Row r : List.of(yard, platform)) {
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %.0f ms | %.0f ms | %s |%n", r.system(), r.perSecond(), r.p50(), r.p99(), r.statuses());
        }
        System.out.printf(Locale.ROOT, "ratio (platform / yardstick): %.2f×%n", platform.perSecond() / yard.perSecond());
    }

    private static Row yardstick(Path source, Path dir, Path lua, int n, int m, int seconds, int connections) throws Exception {
        Path app = dir.resolve("yardstick");
        Files.createDirectories(app);
        for (String f : List.of("server.js", "package.json", "package-lock.json")) {
            Files.copy(source.resolve(f), app.resolve(f));
        }
        run(app, List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir.resolve("yardstick-pg"))) {
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder("node", "server.js").directory(app.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("yardstick.log").toFile());
            pb.environment().putAll(Map.of("PG_URL", "postgres://" + pg.username() + ":" + pg.password() + "@127.0.0.1:" + pg.port()
                    + "/" + EmbeddedPostgres.DATABASE, "PORT", Integer.toString(port), "WORKERS", "2"));
            Process node = pb.start();
            try {
                BenchClient api = new BenchClient("http://127.0.0.1:" + port);
                awaitUp(api, "/sessions/" + UUID.randomUUID() + "/count");
                List<String> sessionIds = new ArrayList<>();
                for (int c = 0; c < m; c++) {
                    // its body limit is 16 KB: a hundred students at a time
                    for (int from = c; from < n; from += 100 * m) {
                        StringBuilder body = new StringBuilder("{\"classId\":\"YC" + c + "\",\"students\":[");
                        for (int i = from; i < n && i < from + 100 * m; i += m) {
                            body.append(i == from ? "" : ",").append("{\"id\":\"y").append(i).append("\",\"deviceId\":\"yd").append(i).append("\"}");
                        }
                        BenchClient.Result r = api.post("/setup", null, body.append("]}").toString(), Map.of());
                        if (r.status() != 200) {
                            throw new IllegalStateException("yardstick setup answered " + r.status());
                        }
                    }
                    sessionIds.add(api.post("/create_session", null, "{\"classId\":\"YC" + c + "\",\"duration_minutes\":60}", Map.of())
                            .body().path("session_id").asString());
                }
                // a code is valid in its 10 s window and the next: fetch them just after a window begins
                long toNext = 10_000 - System.currentTimeMillis() % 10_000;
                Thread.sleep(toNext + 100);
                List<String> qr = new ArrayList<>();
                for (String s : sessionIds) {
                    qr.add(api.get("/sessions/" + s + "/qr", null).path("token").asString());
                }
                Path requests = dir.resolve("yardstick-requests.tsv");
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    lines.append("POST\t/submit_attendance\tContent-Type=application/json\t{\"qrToken\":\"").append(qr.get(i % m))
                            .append("\",\"studentId\":\"y").append(i).append("\",\"deviceId\":\"yd").append(i).append("\"}\n");
                }
                Files.writeString(requests, lines);
                Row row = wrk("yardstick (Express + PostgreSQL)", api.base, lua, requests, seconds, connections);
                long rows = 0;
                for (String s : sessionIds) {
                    rows += api.get("/sessions/" + s + "/count", null).path("n").asLong();
                }
                System.out.printf("yardstick: %d rows written for %d accepted%n", rows, row.accepted());
                return row;
            } finally {
                node.descendants().forEach(ProcessHandle::destroy);
                node.destroy();
                node.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Row platform(Path dir, Path lua, int n, int m, int seconds, int connections) throws Exception {
        try (Platform platform = Platform.start(new Platform.Options(dir.resolve("platform"), 0, Map.of(
                "attendance.sessions.qr-rotation-seconds", "60",
                "attendance.capture.campus-cidrs", "127.0.0.0/8",
                "attendance.capture.per-address-per-minute", "10000000")))) {
            BenchClient api = new BenchClient(platform.baseUrl());
            String admin = api.login("admin@college.test");
            api.importRoster(admin, BenchClient.Roster.ofClasses('C', "Compare", m, n));
            String teacher = api.login("compare-teacher@college.test");
            List<String> sessionIds = new ArrayList<>();
            for (int c = 0; c < m; c++) {
                sessionIds.add(api.post("/api/v1/sessions", teacher, "{\"subjectId\":\"CS" + c + "\",\"durationMinutes\":60}", Map.of())
                        .body().path("sessionId").asString());
            }
            System.out.print("platform: students logging in and registering their phones … ");
            List<String> tokens = parallel(n, 64, i -> {
                String token = api.login("c" + i + "@compare.test");
                api.post("/api/v1/devices", token, "{\"deviceUuid\":\"cd" + i + "\",\"fingerprintHash\":\"fp-cd" + i + "-print\",\"platform\":\"ANDROID\"}",
                        Map.of());
                return token;
            });
            System.out.println("done");
            List<String> qr = new ArrayList<>();
            for (String s : sessionIds) {
                qr.add(api.get("/api/v1/sessions/" + s + "/qr", teacher).path("token").asString());
            }
            Path requests = dir.resolve("platform-requests.tsv");
            StringBuilder lines = new StringBuilder();
            String now = java.time.Instant.now().toString();
            for (int i = 0; i < n; i++) {
                lines.append("POST\t/api/v1/scans\tContent-Type=application/json|Authorization=Bearer ").append(tokens.get(i))
                        .append("|X-Device-Id=cd").append(i).append("|X-Device-Fingerprint=fp-cd").append(i).append("-print\t")
                        .append("{\"submissionId\":\"").append(UUID.randomUUID()).append("\",\"qrToken\":\"").append(qr.get(i % m))
                        .append("\",\"capturedAt\":\"").append(now).append("\",\"offline\":false}\n");
            }
            Files.writeString(requests, lines);
            Duration cpuBefore = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
            Row row = wrk("platform (./attendance run, whole embedded stack)", platform.baseUrl(), lua, requests, seconds, connections);
            Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore);
            String in = sessionIds.stream().map(s -> "'" + s + "'").collect(Collectors.joining(","));
            long decided = 0;
            long duplicates;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            try (Connection c = DriverManager.getConnection(platform.clickhouseUrl()); Statement st = c.createStatement()) {
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = st.executeQuery("SELECT uniqExact(session_id, student_email) FROM decisions FINAL WHERE session_id IN ("
                            + in + ") AND status IN ('PRESENT','LATE','FLAGGED')")) {
                        rs.next();
                        decided = rs.getLong(1);
                    }
                    if (decided >= row.accepted()) {
                        break;
                    }
                    Thread.sleep(500);
                }
                // raw rows, not FINAL (which collapses repeats): a decision written twice is a second row of one version
                try (ResultSet rs = st.executeQuery("SELECT count() - uniqExact(session_id, student_email, version) FROM decisions WHERE session_id IN ("
                        + in + ")")) {
                    rs.next();
                    duplicates = rs.getLong(1);
                }
            }
            System.out.printf(Locale.ROOT, "platform: %d accepted → %d decided in ClickHouse (%d lost, %d duplicate rows); JVM CPU %.2f ms per accepted scan "
                            + "during the run; peak memory %d MiB (JVM + PostgreSQL)%n", row.accepted(), decided, Math.max(0, row.accepted() - decided),
                    duplicates, cpu.toNanos() / 1e6 / Math.max(1, row.accepted()), platform.memoryMib(true));
            return row;
        }
    }

    private static final Pattern STATUSES = Pattern.compile("COMPARE statuses (.*)");
    private static final Pattern TIMES = Pattern.compile("COMPARE seconds ([\\d.]+) requests (\\d+) p50_ms ([\\d.]+) p99_ms ([\\d.]+)");

    private static Row wrk(String system, String base, Path lua, Path requests, int seconds, int connections) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--timeout", "10s", "-s", lua.toString(), base)
                .redirectErrorStream(true);
        pb.environment().putAll(Map.of("COMPARE_REQUESTS", requests.toString(), "COMPARE_THREADS", "2"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher s = STATUSES.matcher(out);
        Matcher t = TIMES.matcher(out);
        if (!s.find() || !t.find()) {
            throw new IllegalStateException("wrk said:\n" + out);
        }
        String statuses = s.group(1);
        Matcher accepted = Pattern.compile("202=(\\d+)").matcher(statuses);
        long ok = accepted.find() ? Long.parseLong(accepted.group(1)) : 0;
        System.out.printf("%s: %s%n", system, statuses);
        return new Row(system, ok, Double.parseDouble(t.group(1)), Double.parseDouble(t.group(3)), Double.parseDouble(t.group(4)), statuses);
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed in " + dir);
        }
    }

    private static void awaitUp(BenchClient api, String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                api.http.send(HttpRequest.newBuilder(URI.create(api.base + path)).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
