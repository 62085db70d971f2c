package edu.attendance.systemtests.reports;

import edu.attendance.reports.runs.ReportSchedule;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Class summary, at-risk and trends over a history of 20 sessions written into ClickHouse as the sink
 * writes decisions (the rollup view fills itself): one student always there (one session excused after the
 * fact), one who stopped coming four sessions ago, one who comes every other time.
 */
class ReportsIT {

    static final Api api = Fixtures.get().api;
    static final String admin = Fixtures.get().admin();
    static Map<String, String> r;
    static final int SESSIONS = 20;

    @BeforeAll
    static void history() throws Exception {
        r = Fixtures.get().roster("rp");
        // a second subject in the same class, taught by someone else, with no history
        assertThat(api.csv("teachers", admin, "email,name,designation,department_id\nt2rp@college.test,T2,Lecturer,Drp\n").status()).isEqualTo(200);
        assertThat(api.csv("courses", admin, "course_id,name\nK2rp,Second\n").status()).isEqualTo(200);
        assertThat(api.csv("subjects", admin, "subject_id,course_id,class_id,teacher_email\nS2rp,K2rp,Crp,t2rp@college.test\n").status()).isEqualTo(200);
        LocalDate today = TestStack.today();
        try (Connection c = TestStack.get().clickhouse();
             PreparedStatement insert = c.prepareStatement("INSERT INTO decisions (session_id, student_email, subject_id, class_id, "
                     + "session_date, status, previous_status, method, at, decided_at, offline, submission_id, flags, version) "
                     + "VALUES (?, ?, 'Srp', 'Crp', ?, ?, ?, ?, ?, ?, false, '', [], ?)")) {
            for (int k = 0; k < SESSIONS; k++) {
                LocalDate day = today.minusDays(40 - 2L * k);
                String session = "rp-history-" + k;
                row(insert, session, r.get("a"), day, "PRESENT", "", 1);
                row(insert, session, r.get("b"), day, k < 16 ? "PRESENT" : "ABSENT", "", 1);
                row(insert, session, r.get("c"), day, k % 2 == 0 ? "PRESENT" : "ABSENT", "", 1);
                if (k == 5) {
                    row(insert, session, r.get("a"), day, "EXCUSED", "PRESENT", 2); // a manual override, later
                }
            }
            insert.executeBatch();
        }
    }

    private static void row(PreparedStatement insert, String session, String student, LocalDate day, String status,
                            String previous, int version) throws Exception {
        Timestamp at = Timestamp.from(day.atTime(10, 0).toInstant(ZoneOffset.UTC).plusSeconds(version));
        insert.setString(1, session);
        insert.setString(2, student);
        insert.setObject(3, day);
        insert.setString(4, status);
        insert.setString(5, previous);
        insert.setString(6, version == 1 ? "QR" : "MANUAL");
        insert.setTimestamp(7, at);
        insert.setTimestamp(8, at);
        insert.setInt(9, version);
        insert.addBatch();
    }

    static JsonNode bySubjectAndStudent(JsonNode rows, String email) {
        for (JsonNode row : rows) {
            if (row.path("studentEmail").asString().equals(email)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + email + " in " + rows);
    }

    @Test
    void classSummaryCountsEveryStudentAndSubjectOverTheTermOrAPeriod() {
        Api.Response res = api.get("/api/v1/reports/class-summary?classId=Crp", admin);
        assertThat(res.status()).isEqualTo(200);
        JsonNode rows = res.json();
        assertThat(rows).hasSize(3);
        JsonNode a = bySubjectAndStudent(rows, r.get("a"));
        assertThat(a.path("name").asString()).isEqualTo("Asha");
        assertThat(a.path("subjectId").asString()).isEqualTo("Srp");
        assertThat(List.of(a.path("held").asInt(), a.path("present").asInt(), a.path("excused").asInt(), a.path("absent").asInt()))
                .containsExactly(20, 19, 1, 0);
        assertThat(a.path("rate").asDouble()).isEqualTo(1.0);
        assertThat(bySubjectAndStudent(rows, r.get("b")).path("rate").asDouble()).isEqualTo(0.8);
        assertThat(bySubjectAndStudent(rows, r.get("c")).path("rate").asDouble()).isEqualTo(0.5);

        // what a student needs: (10 + k) / (20 + k) >= 0.75 from k = 20 sessions in a row
        JsonNode mine = api.get("/api/v1/me/summary", api.login(r.get("c"))).json();
        assertThat(mine.get(0).path("rate").asDouble()).isEqualTo(0.5);
        assertThat(mine.get(0).path("toReachThreshold").asInt()).isEqualTo(20);
        assertThat(api.get("/api/v1/me/summary", api.login(r.get("a"))).json().get(0).path("toReachThreshold").asInt()).isZero();

        LocalDate today = TestStack.today();
        JsonNode recent = api.get("/api/v1/reports/class-summary?classId=Crp&from=" + today.minusDays(13) + "&to=" + today, admin).json();
        JsonNode b = bySubjectAndStudent(recent, r.get("b"));
        assertThat(List.of(b.path("held").asInt(), b.path("present").asInt(), b.path("absent").asInt())).containsExactly(6, 2, 4);
    }

    @Test
    void atRiskGivesTheReasonsAndOrdersByRate() {
        JsonNode rows = api.get("/api/v1/reports/at-risk?departmentId=Drp", admin).json();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).path("studentEmail").asString()).isEqualTo(r.get("c"));
        // 10 of 20 with ten weekly classes to come (TestStack.TERM_END): at best 20 of 30, under 75 % — out of reach
        assertThat(strings(rows.get(0).path("reasons"))).containsExactly("BELOW_THRESHOLD", "OUT_OF_REACH");
        assertThat(rows.get(0).path("consecutiveAbsences").asInt()).isEqualTo(1);
        assertThat(rows.get(0).path("classId").asString()).isEqualTo("Crp");
        assertThat(rows.get(1).path("studentEmail").asString()).isEqualTo(r.get("b"));
        // 80 % now, 3 of the last 7 lately: that pace over the ten classes to come ends at 68 % — it will fall below
        assertThat(strings(rows.get(1).path("reasons"))).containsExactly("WILL_FALL_BELOW", "CONSECUTIVE_ABSENCES", "RECENT_DROP");
        assertThat(rows.get(1).path("consecutiveAbsences").asInt()).isEqualTo(4);
        assertThat(rows.get(1).path("rate").asDouble()).isEqualTo(0.8);

        JsonNode stricter = api.get("/api/v1/reports/at-risk?departmentId=Drp&threshold=85", admin).json();
        assertThat(strings(bySubjectAndStudent(stricter, r.get("b")).path("reasons")))
                .containsExactly("BELOW_THRESHOLD", "CONSECUTIVE_ABSENCES", "RECENT_DROP");
        assertThat(api.get("/api/v1/reports/at-risk?departmentId=Drp&threshold=0.85", admin).json()).isEqualTo(stricter);
    }

    @Test
    void theCollegesFirstScreenShowsEachDepartmentWhoIsUnderTheThresholdAndWhatFell() {
        JsonNode o = api.get("/api/v1/reports/overview?from=" + TestStack.today().minusDays(40) + "&to=" + TestStack.today(), admin).json();
        JsonNode drp = null;
        for (JsonNode d : o.path("departments")) {
            if (d.path("departmentId").asString().equals("Drp")) {
                drp = d;
            }
        }
        assertThat(drp).isNotNull();
        assertThat(drp.path("studentsBelow").asInt()).as("Chen, at 50 %").isEqualTo(1);
        assertThat(drp.path("held").asInt()).isEqualTo(3 * SESSIONS);
        assertThat(drp.path("points").size()).isPositive();
        // the last two weeks: Bilal stopped coming, so the class and its subject fell
        assertThat(o.path("classesFell").toString()).contains("\"id\":\"Crp\"");
        assertThat(o.path("subjectsFell").toString()).contains("\"id\":\"Srp\"");
        assertThat(api.get("/api/v1/reports/overview?from=2026-12-31&to=2026-01-01", admin).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/api/v1/reports/overview", api.login(r.get("a"))).status()).isEqualTo(403);
    }

    @Test
    void trendsByDayAndWeekAddUpToTheSameHistory() {
        JsonNode days = api.get("/api/v1/reports/trends?scope=class&id=Crp&granularity=day", admin).json();
        assertThat(days).hasSize(SESSIONS);
        assertThat(days.get(0).path("bucket").asString()).isEqualTo(TestStack.today().minusDays(40).toString());
        assertThat(days.get(0).path("held").asInt()).isEqualTo(3);
        assertThat(days.get(0).path("attended").asInt()).isEqualTo(3);
        assertThat(days.get(SESSIONS - 1).path("attended").asInt()).isEqualTo(1); // only a; c absent on odd sessions, b gone
        JsonNode weeks = api.get("/api/v1/reports/trends?scope=department&id=Drp&granularity=week", admin).json();
        int held = 0;
        for (JsonNode w : weeks) {
            held += w.path("held").asInt();
            assertThat(LocalDate.parse(w.path("bucket").asString()).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        }
        assertThat(held).isEqualTo(3 * SESSIONS);
        assertThat(api.get("/api/v1/reports/trends?scope=subject&id=Srp", admin).json()).isEqualTo(weeks);
    }

    @Test
    void eachPartsRateInOneAnswerAgreesWithItsTrend() {
        JsonNode weeks = api.get("/api/v1/reports/trends?scope=class&id=Crp&granularity=week", admin).json();
        long held = 0;
        long attended = 0;
        long excused = 0;
        for (JsonNode w : weeks) {
            held += w.path("held").asLong();
            attended += w.path("attended").asLong();
            excused += w.path("excused").asLong();
        }
        double rate = Math.round(attended * 10000.0 / (held - excused)) / 10000.0;
        JsonNode classes = api.get("/api/v1/reports/rates?scope=department&id=Drp", admin).json();
        assertThat(classes).hasSize(1);
        assertThat(classes.get(0).path("id").asString()).isEqualTo("Crp");
        assertThat(classes.get(0).path("held").asLong()).isEqualTo(held).isEqualTo(3L * SESSIONS);
        assertThat(classes.get(0).path("attended").asLong()).isEqualTo(attended);
        assertThat(classes.get(0).path("rate").asDouble()).isEqualTo(rate);
        JsonNode subjects = api.get("/api/v1/reports/rates?scope=class&id=Crp", admin).json();
        assertThat(subjects).hasSize(1);
        assertThat(subjects.get(0).path("id").asString()).isEqualTo("Srp");
        assertThat(subjects.get(0).path("rate").asDouble()).isEqualTo(rate);
        JsonNode departments = api.get("/api/v1/reports/rates?scope=college", admin).json();
        JsonNode drp = null;
        for (JsonNode d : departments) {
            if (d.path("id").asString().equals("Drp")) {
                drp = d;
            }
        }
        assertThat(drp).as("the department among the college's").isNotNull();
        assertThat(drp.path("held").asLong()).isEqualTo(held);
        assertThat(api.get("/api/v1/reports/rates?scope=subject&id=Srp", admin).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/api/v1/reports/rates?scope=department", admin).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/api/v1/reports/rates?scope=department&id=Nowhere", admin).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/reports/rates?scope=college", api.login("t2rp@college.test")).json())
                .as("another teacher counts only their own subject, which has no history").noneMatch(d -> d.path("id").asString().equals("Drp"));
    }

    @Test
    void theSessionsWithMostAbsencesComeFirstWithTheirAlerts() throws Exception {
        try (Connection c = TestStack.get().clickhouse();
             Statement st = c.createStatement()) {
            st.execute("INSERT INTO alerts (session_id, type, at, students, detail) VALUES ('rp-history-19', 'FLAGGED', now64(3), ['"
                    + r.get("b") + "'], 'test'), ('rp-history-19', 'OTP_ATTEMPTS_EXHAUSTED', now64(3), ['" + r.get("c") + "'], 'test')");
        }
        JsonNode rows = api.get("/api/v1/reports/sessions?scope=class&id=Crp&limit=3", admin).json();
        assertThat(rows).hasSize(3);
        // sessions 17 and 19 (odd, b gone): b and c absent; 19 is the latest; then 18 (b only)
        assertThat(rows.get(0).path("sessionId").asString()).isEqualTo("rp-history-19");
        assertThat(rows.get(0).path("absent").asInt()).isEqualTo(2);
        assertThat(rows.get(0).path("alerts").asInt()).isEqualTo(2);
        assertThat(rows.get(0).path("rate").asDouble()).isEqualTo(0.3333);
        assertThat(rows.get(1).path("sessionId").asString()).isEqualTo("rp-history-17");
        assertThat(rows.get(1).path("alerts").asInt()).isZero();
        assertThat(rows.get(2).path("absent").asInt()).isEqualTo(1);
        JsonNode days = api.get("/api/v1/reports/trends?scope=class&id=Crp&granularity=day", admin).json();
        assertThat(days.get(SESSIONS - 1).path("alerts").asInt()).as("the latest session's two alerts, on its day").isEqualTo(2);
        assertThat(days.get(0).path("alerts").asInt()).isZero();
        assertThat(api.get("/api/v1/reports/sessions?scope=class&id=Crp&limit=0", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/reports/sessions?scope=class&id=Crp", api.login(r.get("a"))).status()).isEqualTo(403);
    }

    @Test
    void aTeacherSeesOwnSubjectsOnlyAndBadQueriesAreRefused() {
        String owner = api.login(r.get("teacher"));
        assertThat(api.get("/api/v1/reports/class-summary?classId=Crp", owner).json()).hasSize(3);
        String second = api.login("t2rp@college.test");
        Api.Response other = api.get("/api/v1/reports/class-summary?classId=Crp", second);
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json()).as("the other subject of the class has no history; Srp's rows are not theirs").isEmpty();
        assertThat(api.get("/api/v1/reports/at-risk?departmentId=Drp", second).json()).isEmpty();
        assertThat(api.get("/api/v1/reports/trends?scope=subject&id=Srp", second).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/reports/class-summary?classId=Crp", api.login(r.get("a"))).status()).isEqualTo(403);

        List<String> refusals = new ArrayList<>();
        for (String bad : List.of("class-summary?classId=Nope", "at-risk?departmentId=Nope", "trends?scope=class&id=Nope")) {
            Api.Response res = api.get("/api/v1/reports/" + bad, admin);
            refusals.add(res.status() + " " + res.code());
        }
        for (String bad : List.of("trends?scope=galaxy&id=Crp", "trends?scope=class&id=Crp&granularity=month",
                "class-summary?classId=Crp&from=2026-13-01", "class-summary?classId=Crp&from=2026-05-02&to=2026-05-01",
                "at-risk?departmentId=Drp&threshold=0", "at-risk?departmentId=Drp&threshold=150", "class-summary")) {
            Api.Response res = api.get("/api/v1/reports/" + bad, admin);
            refusals.add(res.status() + " " + res.code());
        }
        assertThat(refusals).containsExactly("404 NOT_FOUND", "404 NOT_FOUND", "404 NOT_FOUND",
                "400 VALIDATION_FAILED", "400 VALIDATION_FAILED", "400 VALIDATION_FAILED", "400 VALIDATION_FAILED",
                "400 VALIDATION_FAILED", "400 VALIDATION_FAILED", "400 VALIDATION_FAILED");
    }

    @Test
    void theRegisterExportsAsXlsxAndPdfToWhoMayReadIt() throws Exception {
        YearMonth month = YearMonth.from(TestStack.today().minusDays(2));
        String q = "/api/v1/exports/register?classId=Crp&subjectId=Srp&month=" + month;
        Api.Response xlsx = api.get(q + "&format=xlsx", admin);
        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(xlsx.contentType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.headers().firstValue("Content-Disposition").orElse(""))
                .contains("attachment").contains("register-Crp-Srp-" + month + ".xlsx");
        StringBuilder sheets = new StringBuilder();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx.body()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                sheets.append(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(sheets.toString()).contains("Asha").contains("Bilal").contains("Chen").contains(">A<").contains(">P<");

        Api.Response pdf = api.get(q + "&format=pdf", api.login(r.get("teacher")));
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        assertThat(api.get(q + "&format=pdf", api.login("t2rp@college.test")).status()).as("another subject's teacher").isEqualTo(403);
        assertThat(api.get(q + "&format=pdf", api.login(r.get("a"))).status()).isEqualTo(403);
        assertThat(api.get(q + "&format=pdf", null).status()).isEqualTo(401);
        List<String> refusals = new ArrayList<>();
        for (String bad : List.of(q + "&format=docx", "/api/v1/exports/register?classId=Crp&subjectId=Srp&month=2026-13&format=pdf",
                "/api/v1/exports/register?classId=Crp&subjectId=Srp&format=pdf",
                "/api/v1/exports/register?classId=Crp&subjectId=S2nope&month=" + month + "&format=pdf",
                "/api/v1/exports/register?classId=Xrp&subjectId=Srp&month=" + month + "&format=pdf")) {
            Api.Response res = api.get(bad, admin);
            refusals.add(res.status() + " " + res.code());
        }
        assertThat(refusals).containsExactly("400 VALIDATION_FAILED", "400 VALIDATION_FAILED", "400 VALIDATION_FAILED",
                "404 NOT_FOUND", "404 NOT_FOUND");
    }

    @Test
    void reportRunsProduceTheAtRiskListAndTheTrendsAsFilesForManagement() throws Exception {
        assertThat(api.post("/api/v1/admin/users", admin, Map.of("email", "rp-mgr@college.test", "name", "Manager",
                "role", "MANAGEMENT")).status()).isIn(201, 200);
        String manager = api.login("rp-mgr@college.test");
        for (String job : List.of("at-risk", "trends")) {
            Api.Response started = api.post("/api/v1/reports/runs", manager, Map.of("job", job));
            assertThat(started.status()).isEqualTo(202);
            String runId = started.json().path("runId").asString();
            JsonNode run = Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                    () -> api.get("/api/v1/reports/runs/" + runId, manager).json(),
                    r -> !r.path("status").asString().matches("STARTING|STARTED"));
            assertThat(run.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(run.path("job").asString()).isEqualTo(job);
            assertThat(run.path("progress").asDouble()).isEqualTo(1.0);
            assertThat(Instant.parse(run.path("endedAt").asString()))
                    .isAfterOrEqualTo(Instant.parse(run.path("startedAt").asString()));
            List<String> names = new ArrayList<>();
            run.path("files").forEach(f -> names.add(f.path("name").asString()));
            assertThat(names).containsExactly(job + ".pdf", job + ".xlsx");
            String xlsxUrl = run.path("files").get(1).path("url").asString();
            Api.Response xlsx = api.get(xlsxUrl, admin);
            assertThat(xlsx.status()).isEqualTo(200);
            StringBuilder sheets = new StringBuilder();
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx.body()))) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    sheets.append(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            if (job.equals("at-risk")) {
                assertThat(sheets.toString()).contains(r.get("b")).contains(r.get("c")).doesNotContain(r.get("a"))
                        .containsPattern("absences in a row; dropped \\d+ points in the last 14 days").doesNotContain("CONSECUTIVE_ABSENCES")
                        .as("times as people read them").containsPattern("generated \\w{3} \\d{1,2} \\w{3} \\d{4}, \\d{2}:\\d{2}");
            } else {
                assertThat(sheets.toString()).contains("Drp").contains(TestStack.today().minusDays(2).with(DayOfWeek.MONDAY)
                        .format(DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH)));
            }
            Api.Response pdf = api.get(run.path("files").get(0).path("url").asString(), manager);
            assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            assertThat(api.get("/api/v1/reports/runs/" + runId + "/files/..%2F..%2Fkeys", manager).status()).as("encoded slashes are refused").isIn(400, 404);
            assertThat(api.get("/api/v1/reports/runs/" + runId + "/files/other.pdf", manager).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/reports/runs/" + runId, api.login(r.get("teacher"))).status()).isEqualTo(403);
        }
        assertThat(api.post("/api/v1/reports/runs", api.login(r.get("teacher")), Map.of("job", "at-risk")).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/reports/runs", manager, Map.of("job", "payroll")).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.post("/api/v1/reports/runs", manager, Map.of("job", "trends", "extra", 1)).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/reports/runs/999999999", manager).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/reports/runs/abc", manager).status()).isEqualTo(404);
    }

    @Test
    void runsStartedAtTheSameMomentAllComplete() throws Exception {
        assertThat(api.post("/api/v1/admin/users", admin, Map.of("email", "rp-mgr2@college.test", "name", "Manager",
                "role", "MANAGEMENT")).status()).isIn(201, 200);
        String manager = api.login("rp-mgr2@college.test");
        int runs = 6;
        CyclicBarrier together = new CyclicBarrier(runs);
        List<Api.Response> started = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Api.Response>> posts = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                String job = i % 2 == 0 ? "at-risk" : "trends"; // one person asking for the same job three times at once
                posts.add(pool.submit(() -> {
                    together.await();
                    return api.post("/api/v1/reports/runs", manager, Map.of("job", job));
                }));
            }
            for (Future<Api.Response> f : posts) {
                started.add(f.get());
            }
        }
        assertThat(started).extracting(Api.Response::status).containsOnly(202);
        List<String> ids = started.stream().map(s -> s.json().path("runId").asString()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        for (String runId : ids) {
            assertThat(Awaitility.await().atMost(Duration.ofSeconds(90)).until(
                    () -> api.get("/api/v1/reports/runs/" + runId, manager).json().path("status").asString(),
                    s -> !s.matches("STARTING|STARTED"))).as("run " + runId).isEqualTo("COMPLETED");
        }
    }

    @Test
    void scheduledReportsReachTheirSubscribersByEmailOncePerDay() throws Exception {
        String board = manager("rp-board@college.test");
        String hod = manager("rp-hod@college.test");
        assertThat(api.get("/api/v1/me/report-subscriptions", board).json()).isEmpty();
        assertThat(api.send("PUT", "/api/v1/me/report-subscriptions/at-risk", board).status()).isEqualTo(204);
        assertThat(api.send("PUT", "/api/v1/me/report-subscriptions/at-risk", board).status()).as("idempotent").isEqualTo(204);
        JsonNode mine = api.get("/api/v1/me/report-subscriptions", board).json();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).path("job").asString()).isEqualTo("at-risk");
        assertThat(mine.get(0).path("departmentId").isNull()).isTrue();
        assertThat(api.send("PUT", "/api/v1/me/report-subscriptions/at-risk?departmentId=Drp", hod).status()).isEqualTo(204);
        assertThat(api.send("PUT", "/api/v1/me/report-subscriptions/at-risk?departmentId=Nope", hod).status()).isEqualTo(404);
        assertThat(api.send("PUT", "/api/v1/me/report-subscriptions/payroll", board).status()).isEqualTo(404);
        assertThat(api.send("PUT", "/api/v1/me/report-subscriptions/at-risk", api.login(r.get("teacher"))).status()).isEqualTo(403);

        ReportSchedule schedule = TestStack.get().context().getBean(ReportSchedule.class);
        LocalDate day = TestStack.today().plusYears(1); // a day no other test schedules
        long runId = schedule.run("at-risk", day).orElseThrow().getId();
        assertThat(schedule.run("at-risk", day)).as("one scheduled run per report and day").isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                () -> api.get("/api/v1/reports/runs/" + runId, admin).json().path("status").asString(), "COMPLETED"::equals);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> mailTo("rp-board@college.test") != null && mailTo("rp-hod@college.test") != null);

        MimeMessage whole = mailTo("rp-board@college.test");
        String date = day.format(DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH));
        assertThat(whole.getSubject()).contains("Students at risk").contains(date);
        assertThat(attachments(whole).keySet()).containsExactly("at-risk.pdf", "at-risk.xlsx");
        // the body is for people: how many, where, the lowest rates in words, where to look and how to stop it
        assertThat(text(whole)).contains("students are at risk").contains("Dept rp: 2").contains("Lowest rates:")
                .contains("/#/dash").contains("Reports page").doesNotContain("DELETE /api").doesNotContain("CONSECUTIVE_ABSENCES");
        MimeMessage part = mailTo("rp-hod@college.test");
        assertThat(part.getSubject()).contains("Students at risk · Drp");
        assertThat(text(part)).contains("2 students are at risk").contains("/#/dash/d/Drp").contains("Chen")
                .contains("absences in a row").doesNotContain("Dept rp:");
        Map<String, byte[]> files = attachments(part);
        assertThat(files.keySet()).containsExactly("at-risk-Drp.pdf", "at-risk-Drp.xlsx");
        assertThat(xlsxText(files.get("at-risk-Drp.xlsx"))).contains("2 rows").contains(r.get("b")).contains(r.get("c"));

        assertThat(api.delete("/api/v1/me/report-subscriptions/at-risk", board).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/me/report-subscriptions/at-risk?departmentId=Drp", hod).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/me/report-subscriptions", board).json()).isEmpty();
        assertThat(api.get("/api/v1/me/report-subscriptions", hod).json()).isEmpty();
    }

    private static String manager(String email) {
        assertThat(api.post("/api/v1/admin/users", admin, Map.of("email", email, "name", "Manager", "role", "MANAGEMENT")).status())
                .isIn(201, 200);
        return api.login(email);
    }

    private static MimeMessage mailTo(String address) {
        for (MimeMessage m : TestStack.MAIL.getReceivedMessages()) {
            try {
                if (m.getAllRecipients()[0].toString().equals(address)) {
                    return m;
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    private static Map<String, byte[]> attachments(MimeMessage mail) throws Exception {
        MimeMultipart body = (MimeMultipart) mail.getContent();
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int k = 0; k < body.getCount(); k++) {
            var partK = body.getBodyPart(k);
            if (partK.getFileName() != null) {
                files.put(partK.getFileName(), partK.getInputStream().readAllBytes());
            }
        }
        return files;
    }

    /** The mail's text (the parts that are not attachments). */
    private static String text(Part part) throws Exception {
        if (part.getFileName() != null) {
            return "";
        }
        if (part.getContent() instanceof Multipart multi) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < multi.getCount(); k++) {
                b.append(text(multi.getBodyPart(k)));
            }
            return b.toString();
        }
        return part.getContent() instanceof String t ? t : "";
    }

    static String xlsxText(byte[] xlsx) throws Exception {
        StringBuilder sheets = new StringBuilder();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                sheets.append(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return sheets.toString().replace("&apos;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    @Test
    void statementsAndAtRiskListsExportToWhoMayReadThem() throws Exception {
        String c = api.login(r.get("c"));
        Api.Response own = api.get("/api/v1/exports/statement?format=xlsx", c);
        assertThat(own.status()).isEqualTo(200);
        String text = xlsxText(own.body());
        assertThat(text).contains("Attendance statement").contains("Chen").contains("Data Structures, Advanced (Srp) 50.0 % (10/20)")
                .as("statuses and methods in words").contains("Absent").contains("Present").doesNotContain(">ABSENT<")
                .as("days as people read them").containsPattern("\\w{3} \\d{1,2} \\w{3} \\d{4}");
        assertThat(api.get("/api/v1/exports/statement?format=pdf&studentEmail=" + r.get("a"), c).status()).as("another student's").isEqualTo(403);
        Api.Response byTeacher = api.get("/api/v1/exports/statement?format=pdf&studentEmail=" + r.get("c"), api.login(r.get("teacher")));
        assertThat(byTeacher.status()).isEqualTo(200);
        assertThat(byTeacher.contentType()).isEqualTo("application/pdf");
        assertThat(api.get("/api/v1/exports/statement?format=pdf&studentEmail=nobody@college.test", admin).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/exports/statement?format=csv", c).status()).isEqualTo(400);

        Api.Response list = api.get("/api/v1/exports/at-risk?departmentId=Drp&format=xlsx", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.headers().firstValue("Content-Disposition").orElse("")).contains("at-risk-Drp.xlsx");
        assertThat(xlsxText(list.body())).contains(r.get("b")).contains(r.get("c")).doesNotContain(r.get("a") + "<");
        Api.Response other = api.get("/api/v1/exports/at-risk?departmentId=Drp&format=xlsx", api.login("t2rp@college.test"));
        assertThat(other.status()).isEqualTo(200);
        assertThat(xlsxText(other.body())).as("not their subject's students").doesNotContain(r.get("c"));
        assertThat(api.get("/api/v1/exports/at-risk?departmentId=Drp&format=pdf", c).status()).isEqualTo(403);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
