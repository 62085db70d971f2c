package edu.attendance.bench;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.launcher.demo.DemoCollege;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.testsupport.fuzz.Fuzzer;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./attendance bench fuzz [--requests N] [--threads T] [--seed S]}: N (default 100 000) bad requests drawn from
 * the generators of the tests' fuzz suite over every operation of the platform's OpenAPI document, as admin, teacher,
 * student and anonymous callers, against the whole embedded stack with the demo college loaded; prints the tally by
 * status and code and the first violations (a 5xx, a refusal that is not problem+json, a write that accepted bad input).
 * Exits 1 when there is any.
 */
final class FuzzBenchmark {

    private FuzzBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchClient.options(args);
        int requests = Integer.parseInt(opts.getOrDefault("requests", "100000"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "8"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "1"));
        Path dir = Files.createTempDirectory("attendance-fuzz-bench");
        // the fuzz sends bursts from one address: no rate limit or connection cap should stand in for a refusal
        try (EmbeddedStack p = EmbeddedStack.start(new EmbeddedStack.Options(dir, 0, Map.of(
                "attendance.capture.per-address-per-minute", "100000000", "attendance.capture.per-student-per-minute", "100000000",
                "attendance.http.max-connections-per-address", "0", "attendance.devices.require-key", "false")))) {
            AttendanceProperties props = p.context().getBean(AttendanceProperties.class);
            new DemoCollege(p.context(), props.collegeZone(), LocalDate.now(props.collegeZone())).load(line -> { });
            JdbcTemplate pg = p.context().getBean(JdbcTemplate.class);
            String teacherEmail = pg.queryForObject("SELECT email FROM teachers ORDER BY email LIMIT 1", String.class);
            String studentEmail = pg.queryForObject("SELECT email FROM students ORDER BY email LIMIT 1", String.class);
            BenchClient api = new BenchClient(p.baseUrl());
            List<Fuzzer.Caller> callers = List.of(new Fuzzer.Caller("admin", api.login("admin@college.test")),
                    new Fuzzer.Caller("teacher", api.login(teacherEmail)), new Fuzzer.Caller("student", api.login(studentEmail)),
                    new Fuzzer.Caller("anonymous", null));
            Fuzzer fuzzer = new Fuzzer(URI.create(p.baseUrl()), api.get("/v3/api-docs", callers.getFirst().token()).toString());
            List<Fuzzer.Case> cases = fuzzer.random(callers, requests, seed);
            System.out.printf("bench fuzz: %d requests over %d operations (table of %d cases), %d threads, seed %d%n",
                    requests, fuzzer.operationCount(), fuzzer.table(callers).size(), threads, seed);
            Fuzzer.Tally tally = new Fuzzer.Tally();
            long t0 = System.nanoTime();
            Semaphore inFlight = new Semaphore(threads * 4);
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                for (Fuzzer.Case c : cases) {
                    inFlight.acquire();
                    pool.submit(() -> {
                        try {
                            tally.add(fuzzer.send(c));
                        } finally {
                            inFlight.release();
                        }
                    });
                }
                pool.shutdown();
                pool.awaitTermination(1, TimeUnit.HOURS);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s%n  %.0f s, %.0f requests/s%n", tally.summary(), seconds, tally.requests() / seconds);
            tally.firstViolations().stream().limit(20).forEach(o -> System.out.println("  VIOLATION " + o.violation() + ": " + o.sent()));
            if (tally.violations() > 0) {
                System.exit(1);
            }
        }
    }
}
