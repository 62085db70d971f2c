package edu.attendance.bench;

import edu.attendance.launcher.EmbeddedStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static edu.attendance.bench.BenchClient.parallel;

/**
 * {@code ./attendance bench close [--sessions M] [--students N] [--concurrency C]}: M sessions of N students
 * each (default 500 × 60), nobody scans, and every teacher closes at the same moment (C close requests in
 * flight). Prints how long until every student of every session is ABSENT in the stream, on the teachers'
 * {@code /live}, and queryable in ClickHouse.
 */
final class CloseBenchmark {

    private CloseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchClient.options(args);
        int sessions = Integer.parseInt(opts.getOrDefault("sessions", "500"));
        int perSession = Integer.parseInt(opts.getOrDefault("students", "60"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "32"));
        int teachers = Math.max(1, sessions / 5);
        Path dir = Files.createTempDirectory("attendance-close-bench");
        System.out.printf("bench close: %d sessions × %d students, %d teachers, %d closes in flight; data in %s%n",
                sessions, perSession, teachers, concurrency, dir);
        try (EmbeddedStack platform = EmbeddedStack.start(new EmbeddedStack.Options(dir, 0, Map.of("attendance.sink.max-delay", "100ms", "attendance.http.max-streams-per-user", "10000", "attendance.devices.require-key", "false")))) {
            BenchClient api = new BenchClient(platform.baseUrl());
            String admin = api.login("admin@college.test");
            StringBuilder classes = new StringBuilder("class_id,department_id,batch,semester,section\n");
            StringBuilder staff = new StringBuilder("email,name,designation,department_id\n");
            StringBuilder subjects = new StringBuilder("subject_id,course_id,class_id,teacher_email\n");
            StringBuilder students = new StringBuilder("email,name,roll_no,class_id\n");
            for (int t = 0; t < teachers; t++) {
                staff.append("close-t").append(t).append("@college.test,T").append(t).append(",Prof,CD\n");
            }
            for (int c = 0; c < sessions; c++) {
                classes.append("CC").append(c).append(",CD,2024,1,S").append(c).append('\n');
                subjects.append("CS").append(c).append(",CK,CC").append(c).append(",close-t").append(c % teachers).append("@college.test\n");
                for (int i = 0; i < perSession; i++) {
                    students.append("c").append(c).append('-').append(i).append("@college.test,S,").append(i).append(",CC").append(c).append('\n');
                }
            }
            api.importRoster(admin, new BenchClient.Roster("department_id,name\nCD,Close\n", classes.toString(),
                    "course_id,name\nCK,Close\n", staff.toString(), students.toString(), subjects.toString()));
            List<String> tokens = parallel(teachers, concurrency, t -> api.login("close-t" + t + "@college.test"));
            List<String> ids = parallel(sessions, concurrency, c -> api.post("/api/v1/sessions", tokens.get(c % teachers),
                    "{\"subjectId\":\"CS" + c + "\",\"durationMinutes\":60}", Map.of()).body().path("sessionId").asString());
            // every session's opening (with its roster) is in the stream before the clock starts
            BenchClient.parallel(sessions, concurrency, c -> {
                while (api.get("/api/v1/sessions/" + ids.get(c) + "/live", tokens.get(c % teachers)).path("counts").path("pending").asInt() != perSession) {
                    Thread.sleep(100); // polling the benchmark's own precondition
                }
                return null;
            });
            int expected = sessions * perSession;
            LiveWatcher live = new LiveWatcher(api.base, tokens, ids);
            System.out.printf("%d sessions open with %d students; closing them all …%n", sessions, expected);
            long closeStartMillis = System.currentTimeMillis();
            long t0 = System.nanoTime();
            parallel(sessions, concurrency, c -> api.post("/api/v1/sessions/" + ids.get(c) + "/close", tokens.get(c % teachers), "", Map.of()).status());
            double closeCalls = (System.nanoTime() - t0) / 1e9;
            long rows = 0;
            try (Connection c = platform.clickhouse(); Statement st = c.createStatement()) {
                while (rows < expected && System.nanoTime() - t0 < Duration.ofMinutes(10).toNanos()) {
                    try (ResultSet rs = st.executeQuery("SELECT count() FROM decisions FINAL WHERE class_id LIKE 'CC%' AND status = 'ABSENT'")) {
                        rs.next();
                        rows = rs.getLong(1);
                    }
                    if (rows < expected) {
                        Thread.sleep(100);
                    }
                }
                double inClickHouse = (System.nanoTime() - t0) / 1e9;
                while (live.seenMillis.size() < expected && System.nanoTime() - t0 < Duration.ofMinutes(10).toNanos()) {
                    Thread.sleep(100);
                }
                live.close();
                double onLive = (live.seenMillis.values().stream().mapToLong(Long::longValue).max().orElse(0) - closeStartMillis) / 1e3;
                long decidedMillis;
                try (ResultSet rs = st.executeQuery("SELECT toUnixTimestamp64Milli(max(decided_at)) FROM decisions WHERE class_id LIKE 'CC%'")) {
                    rs.next();
                    decidedMillis = rs.getLong(1) - closeStartMillis;
                }
                System.out.println();
                System.out.println("=== results ===");
                System.out.printf("close requests       %d in %.2f s%n", sessions, closeCalls);
                System.out.printf("all ABSENT decided   %.2f s after the first close (%d decisions, stream)%n", decidedMillis / 1e3, expected);
                System.out.printf("all ABSENT on /live  %.2f s (%d of %d students shown absent on the teachers' live streams)%n",
                        onLive, live.seenMillis.size(), expected);
                System.out.printf("all ABSENT in CH     %.2f s (%d of %d rows)%n", inClickHouse, rows, expected);
                System.out.printf("peak RSS             %d MiB%n", platform.memoryMib(true));
            }
        }
    }
}
