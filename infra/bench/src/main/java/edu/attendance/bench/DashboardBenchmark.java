package edu.attendance.bench;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.platform.clickhouse.ClickHouse;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ./attendance bench dashboards [--students 20000] [--days 180] [--each] [--hold]}: a college-year of history, and how long
 * each dashboard level takes to load. The roster (10 departments, classes of 60, five subjects each) goes
 * through the roster API; the history is generated inside ClickHouse by one {@code INSERT … SELECT} per block
 * of classes over {@code numbers()} — every weekday from the term's start, each subject once a day, each
 * student with a habit of their own (most attend 86–99 %, some less) — and the rollup view fills itself, as
 * it does for the sink's inserts. Then each level's requests are sent as the web app sends them (in
 * parallel, as a browser does), five times; the median and the range are printed.
 */
final class DashboardBenchmark {

    private DashboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean each = Arrays.asList(args).contains("--each"); // also each request alone, one after another
        boolean hold = Arrays.asList(args).contains("--hold"); // then keep the stack up, to look into its queries
        Map<String, String> opts = BenchClient.options(Arrays.stream(args).filter(a -> !a.equals("--each") && !a.equals("--hold"))
                .toArray(String[]::new));
        int students = Integer.parseInt(opts.getOrDefault("students", "20000"));
        int days = Integer.parseInt(opts.getOrDefault("days", "180"));
        int classes = Math.max(1, (students + 59) / 60);
        LocalDate start = LocalDate.now().minusDays(days * 7L / 5 + 1).with(DayOfWeek.MONDAY);
        Path dir = Files.createTempDirectory("attendance-dashboard-bench");
        try (EmbeddedStack p = EmbeddedStack.start(new EmbeddedStack.Options(dir, 0, Map.of("attendance.reports.term-start", start.toString())))) {
            BenchClient api = new BenchClient(p.baseUrl());
            String admin = api.login("admin@college.test");
            long t0 = System.nanoTime();
            roster(api, admin, students, classes);
            System.out.printf("roster: %d students in %d classes, %d subjects, through the API in %.1f s%n", students, classes,
                    classes * 5, (System.nanoTime() - t0) / 1e9);
            ClickHouse ch = p.context().getBean(ClickHouse.class);
            t0 = System.nanoTime();
            for (int from = 0; from < classes; from += 25) {
                int to = Math.min(classes, from + 25);
                ch.jdbc().execute(history(ch.database(), from, to, days, start));
                System.out.printf("\rhistory: classes %d of %d …", to, classes);
            }
            Long rows = ch.jdbc().queryForObject("SELECT count() FROM " + ch.database() + ".decisions", Long.class);
            System.out.printf("\rhistory: %,d decisions (%d weekdays from %s) generated in ClickHouse in %.1f s%n", rows, days, start,
                    (System.nanoTime() - t0) / 1e9);

            api.http.send(HttpRequest.newBuilder(URI.create(p.baseUrl() + "/api/v1/admin/users")).header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"dean@college.test\",\"name\":\"Dean\",\"role\":\"MANAGEMENT\"}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            String dean = api.login("dean@college.test");
            String q = "from=" + start + "&to=" + LocalDate.now();
            // what the web app asks for on each level (its cards' rates come in one answer per level)
            List<String> college = List.of("/api/v1/reports/scopes", "/api/v1/reports/rates?scope=college&" + q);
            List<String> department = List.of("/api/v1/reports/scopes",
                    "/api/v1/reports/trends?scope=department&id=D0&granularity=week&" + q,
                    "/api/v1/reports/sessions?scope=department&id=D0&limit=10&" + q,
                    "/api/v1/reports/at-risk?departmentId=D0&threshold=75",
                    "/api/v1/reports/rates?scope=department&id=D0&" + q);
            List<String> klass = List.of("/api/v1/reports/scopes",
                    "/api/v1/reports/trends?scope=class&id=C0&granularity=week&" + q,
                    "/api/v1/reports/sessions?scope=class&id=C0&limit=10&" + q,
                    "/api/v1/reports/class-summary?classId=C0&" + q,
                    "/api/v1/reports/rates?scope=class&id=C0&" + q);
            List<String> subject = List.of("/api/v1/reports/scopes", "/api/v1/reports/trends?scope=subject&id=S0-0&granularity=week&" + q,
                    "/api/v1/reports/sessions?scope=subject&id=S0-0&limit=10&" + q, "/api/v1/reports/class-summary?classId=C0&" + q);
            // a student's page shows the term day by day: at most 400 days of it (a generated "term" of years is longer)
            String lastDays = "from=" + (start.isBefore(LocalDate.now().minusDays(400)) ? LocalDate.now().minusDays(400) : start)
                    + "&to=" + LocalDate.now();
            List<String> student = List.of("/api/v1/reports/scopes", "/api/v1/reports/student-summary?studentEmail=student7@college.test",
                    "/api/v1/reports/student-history?studentEmail=student7@college.test&" + lastDays);
            boolean failed = false;
            System.out.println("\nlevel        requests  median   range (five loads, requests in parallel as the web app sends them)");
            for (var level : List.of(Map.entry("college", college), Map.entry("department", department), Map.entry("class", klass),
                    Map.entry("subject", subject), Map.entry("student", student))) {
                try {
                    load(api, dean, level.getValue()); // warm
                } catch (IllegalStateException refused) {
                    System.out.printf("%-12s refused: %s%n", level.getKey(), refused.getMessage());
                    failed = true;
                    continue;
                }
                List<Long> ms = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    ms.add(load(api, dean, level.getValue()));
                }
                Collections.sort(ms);
                System.out.printf("%-12s %8d  %5d ms  %d–%d ms%n", level.getKey(), level.getValue().size(), ms.get(2), ms.getFirst(), ms.getLast());
                if (each) {
                    for (String path : level.getValue()) { // one at a time: where the level's time goes
                        List<Long> one = new ArrayList<>();
                        for (int i = 0; i < 3; i++) {
                            one.add(load(api, dean, List.of(path)));
                        }
                        Collections.sort(one);
                        System.out.printf("    %5d ms  %s%n", one.get(1), path.replaceAll("[?&]from=.*", "").replace("/api/v1/reports/", ""));
                    }
                }
            }
            if (each) { // the college's at-risk list is every department's: each alone, median of three
                System.out.println("at-risk list, department by department (median of three)");
                List<Long> all = new ArrayList<>();
                for (int d = 0; d < 10; d++) {
                    List<Long> one = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        one.add(load(api, dean, List.of("/api/v1/reports/at-risk?departmentId=D" + d + "&threshold=75")));
                    }
                    Collections.sort(one);
                    all.add(one.get(1));
                    System.out.printf("    %5d ms  D%d%n", one.get(1), d);
                }
                System.out.printf("    slowest %d ms, all ten one after another %d ms%n", Collections.max(all),
                        all.stream().mapToLong(Long::longValue).sum());
            }
            System.out.printf("%npeak resident memory (JVM + PostgreSQL + chDB): %d MiB%n", p.memoryMib(true));
            if (failed && !hold) {
                throw new IllegalStateException("a dashboard level was refused (above)");
            }
            if (hold) {
                System.out.printf("holding the stack (data %s, API %s) until this process is stopped%n", dir, p.baseUrl());
                Thread.currentThread().join();
            }
        }
    }

    /** Every request of a level at once (the browser's six connections queue the rest); the time until the last answer. */
    private static long load(BenchClient api, String token, List<String> paths) {
        long t0 = System.nanoTime();
        List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
        for (String path : paths) {
            calls.add(api.http.sendAsync(HttpRequest.newBuilder(URI.create(api.base + path)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (int i = 0; i < calls.size(); i++) {
            HttpResponse<byte[]> r = calls.get(i).join();
            if (r.statusCode() != 200) {
                throw new IllegalStateException(paths.get(i) + " answered " + r.statusCode() + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void roster(BenchClient api, String token, int students, int classes) throws Exception {
        StringBuilder d = new StringBuilder("department_id,name\n");
        for (int i = 0; i < 10; i++) {
            d.append("D").append(i).append(",Department ").append(i).append('\n');
        }
        api.csv(token, "departments", d.toString());
        StringBuilder c = new StringBuilder("class_id,department_id,batch,semester,section\n");
        for (int i = 0; i < classes; i++) {
            c.append("C").append(i).append(",D").append(i % 10).append(",2024,").append(1 + i / 10 % 8).append(",S").append(i).append('\n');
        }
        api.csv(token, "classes", c.toString());
        api.csv(token, "courses", "course_id,name\nK0,Mathematics\nK1,Physics\nK2,Programming\nK3,Electronics\nK4,Communication\n");
        StringBuilder t = new StringBuilder("email,name,designation,department_id\n");
        for (int i = 0; i < Math.max(10, classes / 3); i++) {
            t.append("teacher").append(i).append("@college.test,Teacher ").append(i).append(",Lecturer,D").append(i % 10).append('\n');
        }
        api.csv(token, "teachers", t.toString());
        StringBuilder s = new StringBuilder("email,name,roll_no,class_id\n");
        for (int i = 0; i < students; i++) {
            s.append("student").append(i).append("@college.test,Student ").append(i).append(',').append(i % 60 + 1).append(",C")
                    .append(i / 60).append('\n');
        }
        api.csv(token, "students", s.toString());
        StringBuilder sub = new StringBuilder("subject_id,course_id,class_id,teacher_email\n");
        // teacher t belongs to department t % 10; a class's subjects go round its department's teachers
        int perDepartment = Math.max(10, classes / 3) / 10;
        for (int i = 0; i < classes; i++) {
            for (int k = 0; k < 5; k++) {
                int teacher = i % 10 + 10 * ((i / 10 * 5 + k) % perDepartment);
                sub.append("S").append(i).append('-').append(k).append(",K").append(k).append(",C").append(i)
                        .append(",teacher").append(teacher).append("@college.test\n");
            }
        }
        api.csv(token, "subjects", sub.toString());
    }

    /** Decisions for classes [from, to): every weekday, five subjects, 60 students, a habit per student. */
    static String history(String db, int from, int to, int days, LocalDate start) {
        return """
                INSERT INTO %1$s.decisions (session_id, student_email, subject_id, class_id, session_date, status, previous_status,
                                            method, at, decided_at, offline, submission_id, flags, version)
                SELECT concat('gen-', toString(c), '-', toString(k), '-', toString(d)) AS session_id,
                       concat('student', toString(c * 60 + s), '@college.test'),
                       concat('S', toString(c), '-', toString(k)), concat('C', toString(c)),
                       toDate('%4$s') + intDiv(d, 5) * 7 + d %% 5 AS day,
                       multiIf(draw < 8, 'EXCUSED', draw < habit * 0.92, 'PRESENT', draw < habit, 'LATE', 'ABSENT'),
                       '', multiIf(draw < 8, 'MANUAL', draw < habit, 'QR', 'AUTO'),
                       toDateTime64(day, 3, 'UTC') + toIntervalHour(8 + k) + toIntervalSecond(draw %% 600),
                       toDateTime64(day, 3, 'UTC') + toIntervalHour(8 + k) + toIntervalSecond(draw %% 600 + 1),
                       false, '', [], toUInt32(1)
                FROM (
                    SELECT %2$d + intDiv(number, 5 * %5$d * 60) AS c, intDiv(number, %5$d * 60) %% 5 AS k,
                           intDiv(number, 60) %% %5$d AS d, number %% 60 AS s,
                           sipHash64(c, k, d, s) %% 1000 AS draw,
                           if(sipHash64(c, s) %% 100 < 8, 550 + sipHash64(c, s, 1) %% 180, 860 + sipHash64(c, s, 2) %% 130) AS habit
                    FROM numbers(%6$d)
                )
                """.formatted(db, from, to, start, days, (long) (to - from) * 5 * days * 60);
    }
}
