package edu.attendance.bench;

import edu.attendance.engines.postgres.EmbeddedPostgres;
import edu.attendance.launcher.EmbeddedStack;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static edu.attendance.bench.BenchClient.parallel;

/**
 * {@code ./attendance bench compare [--students N] [--sessions M] [--seconds S] [--connections C] [--only platform|yardstick]
 * [--warmup SECONDS] [--profile FILE.jfr] [--rate R] [--keys true [--native-verify false]]}; {@code --keys true}: every phone holds a key and
 * signs each scan (the platform's default, {@code attendance.devices.require-key}; closed loop only), verified by OpenSSL
 * unless {@code --native-verify false}; with {@code --rate} the platform alone, open loop (see {@link #openLoop}),
 * 60 s by default: the hot path side by
 * side with the yardstick (the seeds' design: Express + PostgreSQL, one INSERT per scan, {@code infra/bench/yardstick}),
 * in one run on this machine, under the same load: wrk, 2 threads, C connections (closed loop), every request a distinct
 * student's first scan of a valid code. Prints both rows (accepted/s, p50, p99), the ratio, and for the platform that
 * every 202 became exactly one decision in ClickHouse, the JVM's CPU time per accepted scan and its peak memory.
 * In the closed loop the platform runs with a 60 s QR rotation so that the codes in wrk's request file stay valid through
 * the run (the validation done per scan is the same as at 2 s); the open loop runs the real 2 s rotation, with each
 * session's projector following its QR stream as the web app does, and each scan carrying the code its projector shows
 * when the scan is sent.
 */
final class CompareBenchmark {

    record Row(String system, long accepted, double seconds, double p50, double p99, String statuses) {
        double perSecond() {
            return accepted / seconds;
        }
    }

    /**
     * How both systems are driven: a warm-up first (its own students, the same sessions; the JIT compilers of both, the
     * JVM's and V8's, see the hot path before it is measured, as on a server that has been up for a while), then the
     * measured run on the remaining students, with codes fetched just before it.
     */
    record Load(Path lua, Path dir, int seconds, int connections, int warmupSeconds, int warmupStudents, double rate, boolean keys,
                boolean nativeVerify, String claims) {
        boolean openLoop() {
            return rate > 0;
        }
    }

    /** One request line (see compare.lua) for student {@code i} with the session's current code. */
    interface Requests {
        String line(int i, String qr);
    }

    /**
     * Warm-up students per warm-up second, about what the faster side accepts; a side that runs out (or whose codes
     * expire, the yardstick's after 10–20 s) spends the rest of its warm-up on refusals, which still runs its hot path.
     */
    private static final int WARMUP_PER_SECOND = 4_000;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchClient.options(args);
        double rate = Double.parseDouble(opts.getOrDefault("rate", "0"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", rate > 0 ? "60" : "15"));
        // open loop: every request of the run a distinct student's first scan, so rate × seconds students
        int students = Integer.parseInt(opts.getOrDefault("students", rate > 0 ? Long.toString((long) Math.ceil(rate * seconds)) : "30000"));
        int sessions = Integer.parseInt(opts.getOrDefault("sessions", "50"));
        // closed loop: wrk's connections; open loop: the client's pool of keep-alive connections (a proxy's upstream pool)
        int connections = Integer.parseInt(opts.getOrDefault("connections", rate > 0 ? "128" : "64"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "10"));
        Path yardstick = Path.of(opts.getOrDefault("yardstick", "infra/bench/yardstick"));
        Path dir = Files.createTempDirectory("attendance-compare");
        Path lua = dir.resolve("compare.lua");
        try (InputStream in = CompareBenchmark.class.getResourceAsStream("/compare.lua")) {
            Files.write(lua, in.readAllBytes());
        }
        boolean keys = Boolean.parseBoolean(opts.getOrDefault("keys", "false"));
        if (keys && rate > 0) {
            throw new IllegalArgumentException("--keys is for the closed loop: the open loop's client signs nothing");
        }
        Load load = new Load(lua, dir, seconds, connections, warmup, warmup * WARMUP_PER_SECOND, rate, keys,
                Boolean.parseBoolean(opts.getOrDefault("native-verify", "true")),
                opts.getOrDefault("claims", "LOCAL"));
        if (load.openLoop()) {
            System.out.printf(Locale.ROOT, "compare, open loop: %d students, %d sessions, %.0f scans/s offered for %d s (each a distinct student's"
                    + " first scan) after a %d s closed-loop warm-up of %d more students; data in %s%n", students, sessions, rate, seconds, warmup,
                    load.warmupStudents(), dir);
        } else {
            System.out.printf("compare: %d students, %d sessions, wrk 2 threads × %d connections for %d s after a %d s warm-up of %d more students;"
                    + " data in %s%n", students, sessions, connections, seconds, warmup, load.warmupStudents(), dir);
        }
        String only = load.openLoop() ? "platform" : opts.getOrDefault("only", "");
        List<Row> rows = new ArrayList<>();
        if (!only.equals("platform")) {
            rows.add(yardstick(yardstick, load, students, sessions));
        }
        if (!only.equals("yardstick")) {
            rows.add(platform(load, students, sessions,
                    opts.containsKey("profile") ? Path.of(opts.get("profile")).toAbsolutePath() : null));
        }
        System.out.println();
        System.out.println("| system | accepted/s | p50 | p99 | answers |");
        System.out.println("|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %.0f ms | %.0f ms | %s |%n", r.system(), r.perSecond(), r.p50(), r.p99(), r.statuses());
        }
        if (rows.size() == 2) {
            System.out.printf(Locale.ROOT, "ratio (platform / yardstick): %.2f×%n", rows.get(1).perSecond() / rows.get(0).perSecond());
        }
    }

    private static Row yardstick(Path source, Load load, int students, int m) throws Exception {
        Path dir = load.dir();
        int n = students + load.warmupStudents();
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
                Codes codes = () -> {
                    // a code is valid in its 10 s window and the next: fetch them just after a window begins
                    Thread.sleep(10_000 - System.currentTimeMillis() % 10_000 + 100);
                    List<String> qr = new ArrayList<>();
                    for (String s : sessionIds) {
                        qr.add(api.get("/sessions/" + s + "/qr", null).path("token").asString());
                    }
                    return qr;
                };
                Requests scan = (i, qr) -> "POST\t/submit_attendance\tContent-Type=application/json\t{\"qrToken\":\"" + qr + "\",\"studentId\":\"y" + i
                        + "\",\"deviceId\":\"yd" + i + "\"}\n";
                long warmed = warmUp("yardstick", api.base, load, students, m, codes, scan);
                Row row = wrk("yardstick (Express + PostgreSQL)", api.base, load, requests(load, "yardstick", 0, students, m, codes.fetch(), scan),
                        load.seconds());
                long rows = 0;
                for (String s : sessionIds) {
                    rows += api.get("/sessions/" + s + "/count", null).path("n").asLong();
                }
                System.out.printf("yardstick: %d rows written for %d accepted (warm-up and run)%n", rows, warmed + row.accepted());
                return row;
            } finally {
                node.descendants().forEach(ProcessHandle::destroy);
                node.destroy();
                node.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Row platform(Load load, int students, int m, Path profile) throws Exception {
        Path dir = load.dir();
        int n = students + load.warmupStudents();
        try (EmbeddedStack platform = EmbeddedStack.start(new EmbeddedStack.Options(dir.resolve("platform"), 0, Map.of(
                // closed loop, capacity is measured: a shed request would only be a request wrk never sends again;
                // the open loop measures the shedding
                "attendance.admission.max-lag", load.openLoop() ? "50ms" : "0ms",
                // the open loop's phones scan what the projectors show, at the real rotation; wrk's file holds its codes
                "attendance.sessions.qr-rotation-seconds", load.openLoop() ? "2" : Integer.toString(ROTATION_SECONDS),
                "attendance.capture.campus-cidrs", "127.0.0.0/8",
                "attendance.capture.per-address-per-minute", "10000000",
                // one account stands for every session's teacher, each following their own live stream
                "attendance.http.max-streams-per-user", "10000",
                // by default the phones here hold no keys: the capture path is measured without the proof's check
                // (docs/benchmarks.md); --keys true measures it with
                "attendance.devices.require-key", Boolean.toString(load.keys()),
                // --native-verify false: the JDK's verifier instead of OpenSSL's, to compare
                "attendance.devices.native-verify", Boolean.toString(load.nativeVerify()),
                // --claims DATABASE: what several ingest instances need, the one mark and the evidence in PostgreSQL
                "attendance.capture.claims", load.claims())))) {
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
            long registering = System.nanoTime();
            IntegrityBenchmark.Phone[] phones = new IntegrityBenchmark.Phone[n];
            List<String> tokens = parallel(n, 64, i -> {
                String token = api.login("c" + i + "@compare.test");
                String key = "";
                if (load.keys()) {
                    // the phone's install key, registered as the web app does: a challenge from the platform, signed
                    phones[i] = IntegrityBenchmark.Phone.of("cd" + i, "fp-cd" + i + "-print");
                    String challenge = api.postNothing("/api/v1/devices/challenge", token).body().path("challenge").asString();
                    key = ",\"key\":{\"kind\":\"INSTALL_KEY\",\"challenge\":\"" + challenge + "\",\"publicKey\":\"" + phones[i].publicKey()
                            + "\",\"signature\":\"" + phones[i].sign(java.util.Base64.getUrlDecoder().decode(challenge)) + "\"}";
                }
                api.post("/api/v1/devices", token, "{\"deviceUuid\":\"cd" + i + "\",\"fingerprintHash\":\"fp-cd" + i + "-print\",\"platform\":\"ANDROID\""
                        + key + "}", Map.of());
                return token;
            });
            System.out.printf("done (%d in %d s)%n", n, Duration.ofNanos(System.nanoTime() - registering).toSeconds());
            String now = Instant.now().toString();
            Requests scan = (i, qr) -> "POST\t/api/v1/scans\tContent-Type=application/json|Authorization=Bearer " + tokens.get(i)
                    + "|X-Device-Id=cd" + i + "|X-Device-Fingerprint=fp-cd" + i + "-print\t{\"submissionId\":\"" + UUID.randomUUID()
                    + "\",\"qrToken\":\"" + qr + "\",\"capturedAt\":\"" + now + "\",\"offline\":false"
                    + (load.keys() ? phones[i].proof("c" + i + "@compare.test", edu.attendance.ingest.device.DeviceKeys.qrCode(qr)) : "")
                    + "}\tc" + i + "@compare.test\n";
            Codes codes = () -> {
                List<String> qr = new ArrayList<>();
                for (String s : sessionIds) {
                    qr.add(api.get("/api/v1/sessions/" + s + "/qr", teacher).path("token").asString());
                }
                return qr;
            };
            // the open loop's client warms up itself, with the projectors' codes
            long warmed = load.openLoop() ? 0 : warmUp("platform", platform.baseUrl(), load, students, m, codes, scan);
            Path warmUpRequests = load.openLoop() ? requests(load, "platform-warmup", students, n, m, codes.fetch(), scan) : null;
            Path requests = requests(load, "platform", 0, students, m, load.openLoop() ? codes.fetch() : freshCodes(codes, load.seconds() + 30), scan);
            Duration cpuBefore = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
            Duration stackBefore = platform.cpu();
            ThreadCpu threadsBefore = ThreadCpu.now();
            jdk.jfr.Recording recording = null;
            if (profile != null) {
                recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1)); // enough samples for a 15 s run
                recording.setDestination(profile);
                recording.start();
            }
            long[] clientWarmed = {0};
            Row row = load.openLoop()
                    ? openLoop(platform, load, requests, warmUpRequests, clientWarmed, teacher, sessionIds)
                    : wrk("platform (./attendance run, whole embedded stack)", platform.baseUrl(), load, requests, load.seconds());
            if (recording != null) {
                recording.stop();
                recording.close();
                System.out.println("platform: flight recording of the load in " + profile);
            }
            Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore);
            var byPart = ThreadCpu.now().since(threadsBefore);
            warmed += clientWarmed[0];
            long measured = row.accepted() + clientWarmed[0]; // the open loop's warm-up is inside the CPU's window
            String in = sessionIds.stream().map(s -> "'" + s + "'").collect(Collectors.joining(","));
            long decided = 0;
            long duplicates;
            Duration stack;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            try (Connection c = platform.clickhouse(); Statement st = c.createStatement()) {
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = st.executeQuery("SELECT uniqExact(session_id, student_email) FROM decisions FINAL WHERE session_id IN ("
                            + in + ") AND status IN ('PRESENT','LATE','FLAGGED')")) {
                        rs.next();
                        decided = rs.getLong(1);
                    }
                    if (decided >= warmed + row.accepted()) {
                        break;
                    }
                    Thread.sleep(500);
                }
                // until every accepted scan is history: the stream's and the sinks' share of the run's scans included
                stack = platform.cpu().minus(stackBefore);
                // raw rows, not FINAL (which collapses repeats): a decision written twice is a second row of one version
                try (ResultSet rs = st.executeQuery("SELECT count() - uniqExact(session_id, student_email, version) FROM decisions WHERE session_id IN ("
                        + in + ")")) {
                    rs.next();
                    duplicates = rs.getLong(1);
                }
            }
            System.out.printf(Locale.ROOT, "platform: %d accepted (warm-up and run) → %d decided in ClickHouse (%d lost, %d duplicate rows); JVM CPU %.2f ms"
                            + " per accepted scan during the run; whole stack (JVM, chDB, PostgreSQL) %.2f ms per accepted scan from the run's"
                            + " start until every one was in ClickHouse; peak memory %d MiB (JVM + PostgreSQL)%n", warmed + row.accepted(), decided,
                    Math.max(0, warmed + row.accepted() - decided),
                    duplicates, cpu.toNanos() / 1e6 / Math.max(1, measured), stack.toNanos() / 1e6 / Math.max(1, measured),
                    platform.memoryMib(true));
            System.out.println("platform: JVM CPU per accepted scan during the run, by part (from each thread's /proc figures): "
                    + ThreadCpu.perScan(byPart, measured));
            var meters = platform.context().getBean(io.micrometer.core.instrument.MeterRegistry.class);
            System.out.printf(Locale.ROOT, "platform: scans served by the fast lane %.0f, handed to the full chain %.0f (warm-up and run)%n",
                    lane(meters, "served"), lane(meters, "handed-on"));
            return row;
        }
    }

    private static double lane(io.micrometer.core.instrument.MeterRegistry meters, String path) {
        var c = meters.find("attendance.capture.fast.lane").tag("path", path).counter();
        return c == null ? 0 : c.count();
    }

    private static final Pattern STATUSES = Pattern.compile("COMPARE statuses (.*)");
    private static final Pattern TIMES = Pattern.compile("COMPARE seconds ([\\d.]+) requests (\\d+) p50_ms ([\\d.]+) p99_ms ([\\d.]+)");

    interface Codes {
        List<String> fetch() throws Exception;
    }

    /** The platform's QR rotation in these runs: a token is valid in its window and the next, 60 to 120 s. */
    private static final int ROTATION_SECONDS = 60;

    /**
     * The sessions' codes for wrk's request file, valid for at least {@code needed} seconds more: a code is valid in its
     * rotation window and the next, so one fetched late in a window may expire within a long run (a minute started 50 s
     * into a window answered its last seconds 422). Waits for the next window when the current one has too little left.
     */
    private static List<String> freshCodes(Codes codes, long needed) throws Exception {
        long now = System.currentTimeMillis();
        long windowMs = ROTATION_SECONDS * 1_000L;
        long validFor = 2 * windowMs - Math.floorMod(now, windowMs);
        if (validFor < needed * 1_000L) {
            long wait = validFor - windowMs + 100;
            System.out.printf("waiting %.1f s for a fresh QR window, so that the codes outlive the run%n", wait / 1e3);
            Thread.sleep(wait);
        }
        return codes.fetch();
    }

    /**
     * The open-loop run: {@link OpenLoopClient} in a process of its own sends the requests at the fixed rate and follows
     * the live streams; then the latencies from each request's due time — the API's answer, the teacher's screen,
     * the row in ClickHouse.
     */
    private static Row openLoop(EmbeddedStack platform, Load load, Path requests, Path warmUpRequests, long[] warmed, String teacher,
                                List<String> sessionIds) throws Exception {
        Path out = load.dir().resolve("open-loop-results.txt");
        Path warmUpResult = load.dir().resolve("open-loop-warmup.txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process client = new ProcessBuilder(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                OpenLoopClient.class.getName(), platform.baseUrl(), requests.toString(), Double.toString(load.rate()), out.toString(), teacher,
                String.join(",", sessionIds), Integer.toString(load.connections()), warmUpRequests.toString(),
                Integer.toString(load.warmupSeconds()), warmUpResult.toString()).inheritIO().start();
        if (client.waitFor() != 0) {
            throw new IllegalStateException("the open-loop client failed");
        }
        warmed[0] = Long.parseLong(Files.readString(warmUpResult).trim());
        record Result(String submission, long due, int status, long latencyMicros, long seen, int finalStatus, long finalMillis) {
        }
        List<Result> results = Files.readAllLines(out).stream().map(l -> l.split(" "))
                .map(f -> new Result(f[1], Long.parseLong(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]), f[5].equals("-") ? -1 : Long.parseLong(f[5]),
                        Integer.parseInt(f[6]), Long.parseLong(f[7])))
                .toList();
        // admitted at the first try; shed (503) at the first try; accepted in the end (the retries of the shed ones included)
        List<Result> admitted = results.stream().filter(r -> r.status() == 202).toList();
        long[] api = admitted.stream().mapToLong(Result::latencyMicros).sorted().toArray();
        long[] shed = results.stream().filter(r -> r.status() == 503).mapToLong(Result::latencyMicros).sorted().toArray();
        List<Result> accepted = results.stream().filter(r -> r.finalStatus() == 202).toList();
        long[] retriedIn = results.stream().filter(r -> r.status() == 503 && r.finalStatus() == 202).mapToLong(Result::finalMillis).sorted().toArray();
        long[] live = admitted.stream().filter(r -> r.seen() >= 0).mapToLong(r -> r.seen() - r.due()).sorted().toArray();
        java.util.Set<String> firstTry = admitted.stream().map(Result::submission).collect(Collectors.toSet());
        long storedAll = 0;
        Map<String, Long> due = accepted.stream().collect(Collectors.toMap(Result::submission, Result::due));
        String in = sessionIds.stream().map(s -> "'" + s + "'").collect(Collectors.joining(","));
        List<Long> stored = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        try (Connection c = platform.clickhouse(); Statement st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                stored.clear();
                storedAll = 0;
                try (ResultSet rs = st.executeQuery("SELECT submission_id, toUnixTimestamp64Milli(min(ingested_at)) FROM decisions WHERE session_id IN ("
                        + in + ") AND submission_id != '' GROUP BY submission_id")) {
                    while (rs.next()) {
                        Long d = due.get(rs.getString(1));
                        if (d != null) {
                            storedAll++;
                            if (firstTry.contains(rs.getString(1))) {
                                stored.add(rs.getLong(2) - d);
                            }
                        }
                    }
                }
                if (storedAll >= accepted.size()) {
                    break;
                }
                Thread.sleep(500);
            }
        }
        long[] ch = stored.stream().mapToLong(Long::longValue).sorted().toArray();
        String statuses = results.stream().collect(Collectors.groupingBy(Result::status, TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        String finals = results.stream().collect(Collectors.groupingBy(Result::finalStatus, TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        double seconds = results.isEmpty() ? 1 : (results.getLast().due() - results.getFirst().due()) / 1000.0;
        System.out.printf(Locale.ROOT, "open loop: %.0f/s offered for %.0f s: first answers %s; after the retries of the refused ones %s%n",
                load.rate(), seconds, statuses, finals);
        System.out.printf(Locale.ROOT, "  API (202 at the first try, from each request's due time)  p50 %.1f ms, p99 %.1f ms%n",
                BenchClient.pct(api, 50) / 1e3, BenchClient.pct(api, 99) / 1e3);
        System.out.printf(Locale.ROOT, "  API (503 shed, from each request's due time)              p50 %.1f ms, p99 %.1f ms (%d)%n",
                BenchClient.pct(shed, 50) / 1e3, BenchClient.pct(shed, 99) / 1e3, shed.length);
        System.out.printf(Locale.ROOT, "  shed, then accepted on a retry after Retry-After          p50 %d ms, p99 %d ms after its due time (%d)%n",
                BenchClient.pct(retriedIn, 50), BenchClient.pct(retriedIn, 99), retriedIn.length);
        System.out.printf("  scan → teacher's /live stream (admitted at the first try)  p50 %d ms, p99 %d ms (%d of %d seen)%n",
                BenchClient.pct(live, 50), BenchClient.pct(live, 99), live.length, admitted.size());
        System.out.printf("  scan → queryable in ClickHouse (the same)                  p50 %d ms, p99 %d ms (%d of %d stored)%n",
                BenchClient.pct(ch, 50), BenchClient.pct(ch, 99), ch.length, admitted.size());
        System.out.printf("  every 202 (retries included) decided in ClickHouse: %d of %d (%d lost)%n", storedAll, accepted.size(),
                Math.max(0, accepted.size() - storedAll));
        return new Row("platform, open loop at " + Math.round(load.rate()) + "/s", accepted.size(), seconds, BenchClient.pct(api, 50) / 1e3,
                BenchClient.pct(api, 99) / 1e3, statuses);
    }

    /** The warm-up students' first scans for the warm-up's seconds; how many were accepted. */
    private static long warmUp(String system, String base, Load load, int students, int m, Codes codes, Requests requests) throws Exception {
        if (load.warmupSeconds() == 0) {
            return 0;
        }
        Path warm = requests(load, system + "-warmup", students, students + load.warmupStudents(), m, codes.fetch(), requests);
        return wrk(system + ", warm-up", base, load, warm, load.warmupSeconds()).accepted();
    }

    /** Students {@code from} (inclusive) to {@code to}, student i in session i mod m, as a request file for compare.lua. */
    private static Path requests(Load load, String name, int from, int to, int m, List<String> qr, Requests requests) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = from; i < to; i++) {
            lines.append(requests.line(i, qr.get(i % m)));
        }
        Path file = load.dir().resolve(name + "-requests.tsv");
        Files.writeString(file, lines);
        return file;
    }

    private static Row wrk(String system, String base, Load load, Path requests, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("wrk", "-t2", "-c" + load.connections(), "-d" + seconds + "s", "--timeout", "10s", "-s",
                load.lua().toString(), base)
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
        long students;
        try (var lines = Files.lines(requests)) {
            students = lines.count();
        }
        Matcher repeats = Pattern.compile("COMPARE repeats (\\d+)").matcher(out);
        if (repeats.find() && Long.parseLong(repeats.group(1)) > 0) {
            // out of students, compare.lua sends requests that mark nobody (answered 4xx): the 202s stay one per
            // student, and the rate is then only a lower bound of what the server could take
            System.out.printf("%s: RAN OUT OF STUDENTS (%d of them, %d answers 202, then %s requests that mark nobody): the rate is a"
                    + " lower bound; run with more --students%n", system, students, ok, repeats.group(1));
        }
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
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
