package edu.attendance.systemtests.security;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static edu.attendance.systemtests.Fixtures.device;
import static edu.attendance.systemtests.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Role × endpoint × ownership: every route the platform serves, called as nobody, a student, the owning
 * teacher, another teacher, management and an admin; the status each must get — every route of the API
 * (and the few the platform adds).
 */
class AuthorizationMatrixIT {

    static final Api api = Fixtures.get().api;
    static final String ANON = "anonymous", STUDENT = "student", OWNER = "owner", OTHER = "other teacher",
            MGMT = "management", ADMIN = "admin";
    static final Map<String, String> tokens = new LinkedHashMap<>();
    static Map<String, String> r;
    static String sessionId;
    static String pendingDevice;
    static String runId;
    static String claimId;

    @BeforeAll
    static void setUp() {
        r = Fixtures.get().roster("m1");
        Map<String, String> other = Fixtures.get().roster("m2");
        assertThat(api.post("/api/v1/admin/users", Fixtures.get().admin(),
                Map.of("email", "mgr@college.test", "name", "Manager", "role", "MANAGEMENT")).status()).isEqualTo(201);
        tokens.put(ANON, null);
        tokens.put(STUDENT, api.login(r.get("a")));
        tokens.put(OWNER, api.login(r.get("teacher")));
        tokens.put(OTHER, api.login(other.get("teacher")));
        tokens.put(MGMT, api.login("mgr@college.test"));
        tokens.put(ADMIN, Fixtures.get().admin());
        Fixtures.get().registerDevice(tokens.get(STUDENT), "m1-phone");
        String b = api.login(r.get("b"));
        Fixtures.get().registerDevice(b, "m1-b-phone");
        pendingDevice = api.post("/api/v1/devices", b, Map.of("deviceUuid", "m1-b-second", "fingerprintHash", "fp-m1-b-second",
                "platform", "WEB")).json().path("deviceId").asString();
        sessionId = api.post("/api/v1/sessions", tokens.get(OWNER), Map.of("subjectId", r.get("subject"), "durationMinutes", 30))
                .json().path("sessionId").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/sessions/" + sessionId + "/live", tokens.get(OWNER)).status() == 200);
        runId = api.post("/api/v1/reports/runs", tokens.get(ADMIN), Map.of("job", "at-risk")).json().path("runId").asString();
        claimId = api.post("/api/v1/me/claims", tokens.get(STUDENT), Map.of("kind", "WAS_THERE", "sessionId", sessionId))
                .json().path("claimId").asString();
    }

    record Row(String route, Function<String, Integer> call, Map<String, Integer> expected) {
    }

    static Map<String, Integer> expect(int anon, int student, int owner, int other, int mgmt, int admin) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(ANON, anon);
        m.put(STUDENT, student);
        m.put(OWNER, owner);
        m.put(OTHER, other);
        m.put(MGMT, mgmt);
        m.put(ADMIN, admin);
        return m;
    }

    @Test
    void everyRouteAnswersEveryRoleAsItMust() {
        String s = "/api/v1/sessions/" + sessionId;
        List<Row> rows = List.of(
                // public by design: signing in, and what probes and scrapers read
                new Row("POST /auth/dev-login", t -> api.post("/api/v1/auth/dev-login", t, Map.of("email", r.get("a"))).status(),
                        expect(200, 200, 200, 200, 200, 200)),
                new Row("POST /auth/google (bad token)", t -> api.post("/api/v1/auth/google", t, Map.of("idToken", "not-a-jwt")).status(),
                        expect(401, 401, 401, 401, 401, 401)),
                new Row("POST /auth/refresh (unknown token)", t -> api.post("/api/v1/auth/refresh", t, Map.of("refreshToken", "nope")).status(),
                        expect(401, 401, 401, 401, 401, 401)),
                new Row("GET /oauth2/authorization/google", t -> api.get("/oauth2/authorization/google", t).status(),
                        expect(302, 302, 302, 302, 302, 302)),
                new Row("GET /actuator/health", t -> api.get("/actuator/health", t).status(), expect(200, 200, 200, 200, 200, 200)),
                new Row("POST /admin/roster/{entity}", t -> api.csv("courses", t, "course_id,name\nKM,Matrix\n").status(),
                        expect(401, 403, 403, 403, 403, 200)),
                new Row("GET /admin/roster/{entity}", t -> api.get("/api/v1/admin/roster/students", t).status(),
                        expect(401, 403, 403, 403, 403, 200)),
                new Row("POST /admin/users", t -> api.post("/api/v1/admin/users", t,
                        Map.of("email", "admin2@college.test", "name", "Second", "role", "ADMIN")).status(),
                        expect(401, 403, 403, 403, 403, 201)),
                new Row("POST /admin/users/{email}/unblock", t -> api.post("/api/v1/admin/users/" + r.get("c") + "/unblock", t, null).status(),
                        expect(401, 403, 403, 403, 403, 409)),
                new Row("POST /admin/erasures (nobody of the roster)", t -> api.post("/api/v1/admin/erasures", t,
                        Map.of("studentEmails", List.of("nobody-here@college.test"))).status(),
                        expect(401, 403, 403, 403, 403, 404)),
                new Row("POST /devices", t -> api.post("/api/v1/devices", t, Map.of("deviceUuid", "matrix-" + UUID.randomUUID(),
                        "fingerprintHash", "fp-matrix-device", "platform", "WEB")).status(),
                        expect(401, 200, 200, 200, 200, 200)),
                new Row("GET /devices?status=PENDING", t -> api.get("/api/v1/devices?status=PENDING", t).status(),
                        expect(401, 403, 200, 200, 403, 200)),
                new Row("POST /devices/{id}/approve (other's student)", t -> t == tokens.get(OWNER) || t == tokens.get(ADMIN) ? 0
                        : api.post("/api/v1/devices/" + pendingDevice + "/approve", t, null).status(),
                        expect(401, 403, 0, 403, 403, 0)),
                new Row("POST /sessions", t -> api.post("/api/v1/sessions", t, Map.of("subjectId", r.get("subject"), "durationMinutes", 5)).status(),
                        expect(401, 403, 201, 403, 403, 201)),
                new Row("GET /sessions/{id}", t -> api.get(s, t).status(), expect(401, 403, 200, 403, 403, 200)),
                new Row("GET /sessions/{id}/qr", t -> api.get(s + "/qr", t).status(), expect(401, 403, 200, 403, 403, 200)),
                new Row("GET /sessions/{id}/qr.svg", t -> api.get(s + "/qr.svg", t).status(), expect(401, 403, 200, 403, 403, 200)),
                new Row("GET /sessions/{id}/qr.png", t -> api.get(s + "/qr.png", t).status(), expect(401, 403, 200, 403, 403, 200)),
                new Row("GET /sessions/{id}/qr/stream", t -> api.status(s + "/qr/stream", t), expect(401, 403, 200, 403, 403, 200)),
                new Row("GET /sessions/{id}/otp", t -> api.get(s + "/otp", t).status(), expect(401, 403, 200, 403, 403, 200)),
                new Row("GET /sessions/{id}/live", t -> api.get(s + "/live", t).status(), expect(401, 403, 200, 403, 403, 200)),
                new Row("GET /sessions/{id}/live/stream", t -> api.status(s + "/live/stream", t), expect(401, 403, 200, 403, 403, 200)),
                new Row("POST /sessions/{id}/marks", t -> api.post(s + "/marks", t, Map.of("studentEmail", r.get("c"), "status", "EXCUSED",
                        "reason", "matrix")).status(), expect(401, 403, 202, 403, 403, 202)),
                new Row("POST /scans", t -> {
                    String qr = api.get(s + "/qr", tokens.get(OWNER)).json().path("token").asString();
                    return api.post("/api/v1/scans", t, scan(UUID.randomUUID(), qr), device("m1-phone")).status();
                }, expect(401, 202, 403, 403, 403, 403)),
                new Row("POST /sessions/{id}/otp-attempts", t -> {
                    String otp = api.get(s + "/otp", tokens.get(OWNER)).json().path("otp").asString();
                    return api.post(s + "/otp-attempts", t, Map.of("submissionId", UUID.randomUUID().toString(), "otp", otp),
                            device("m1-phone")).status();
                }, expect(401, 409, 403, 403, 403, 403)),
                new Row("POST /scans/batch", t -> api.post("/api/v1/scans/batch", t, Map.of("items", List.of(Map.of(
                        "submissionId", UUID.randomUUID().toString(), "qrToken", "v1.none", "capturedAt", Instant.now().toString(),
                        "offline", true))), device("m1-phone")).status(), expect(401, 200, 403, 403, 403, 403)),
                new Row("GET /me/attendance", t -> api.get("/api/v1/me/attendance?from=2026-01-01&to=2026-12-31", t).status(),
                        expect(401, 200, 403, 403, 403, 403)),
                new Row("GET /me/summary", t -> api.get("/api/v1/me/summary", t).status(), expect(401, 200, 403, 403, 403, 403)),
                // the reads the web app needs
                new Row("GET /auth/options", t -> api.get("/api/v1/auth/options", t).status(), expect(200, 200, 200, 200, 200, 200)),
                new Row("GET /me", t -> api.get("/api/v1/me", t).status(), expect(401, 200, 200, 200, 200, 200)),
                new Row("GET /me/timetable", t -> api.get("/api/v1/me/timetable", t).status(), expect(401, 200, 200, 200, 403, 403)),
                new Row("GET /me/open-sessions", t -> api.get("/api/v1/me/open-sessions", t).status(), expect(401, 200, 403, 403, 403, 403)),
                new Row("GET /me/subjects", t -> api.get("/api/v1/me/subjects", t).status(), expect(401, 403, 200, 200, 403, 200)),
                new Row("GET /reports/runs", t -> api.get("/api/v1/reports/runs?limit=5", t).status(), expect(401, 403, 403, 403, 200, 200)),
                new Row("GET /admin/users", t -> api.get("/api/v1/admin/users?role=STUDENT&limit=5", t).status(), expect(401, 403, 403, 403, 403, 200)),
                new Row("GET /admin/audit", t -> api.get("/api/v1/admin/audit?limit=5", t).status(), expect(401, 403, 403, 403, 403, 200)),
                new Row("GET /sessions?subjectId= (own subject)", t -> api.get("/api/v1/sessions?subjectId=" + r.get("subject"), t).status(),
                        expect(401, 403, 200, 403, 403, 200)),
                new Row("GET /push/vapid-public-key", t -> api.get("/api/v1/push/vapid-public-key", t).status(),
                        expect(401, 200, 200, 200, 200, 200)),
                new Row("DELETE /me/push-subscriptions", t -> api.delete("/api/v1/me/push-subscriptions?endpoint=https%3A%2F%2Fnone", t).status(),
                        expect(401, 204, 204, 204, 204, 204)),
                new Row("GET /reports/student-summary (own class)", t -> api.get("/api/v1/reports/student-summary?studentEmail=" + r.get("a"), t).status(),
                        expect(401, 403, 200, 403, 200, 200)),
                new Row("GET /reports/class-summary (own class)", t -> api.get("/api/v1/reports/class-summary?classId=" + r.get("class"), t).status(),
                        expect(401, 403, 200, 403, 200, 200)),
                new Row("GET /reports/at-risk (own department)", t -> api.get("/api/v1/reports/at-risk?departmentId=" + r.get("department"), t).status(),
                        expect(401, 403, 200, 403, 200, 200)),
                new Row("GET /reports/trends (own class)", t -> api.get("/api/v1/reports/trends?scope=class&id=" + r.get("class")
                        + "&granularity=week", t).status(), expect(401, 403, 200, 403, 200, 200)),
                new Row("GET /reports/trends (own subject)", t -> api.get("/api/v1/reports/trends?scope=subject&id=" + r.get("subject")
                        + "&granularity=day", t).status(), expect(401, 403, 200, 403, 200, 200)),
                new Row("GET /reports/sessions (own class)", t -> api.get("/api/v1/reports/sessions?scope=class&id=" + r.get("class"), t).status(),
                        expect(401, 403, 200, 403, 200, 200)),
                new Row("GET /exports/register (own subject)", t -> api.get("/api/v1/exports/register?classId=" + r.get("class")
                        + "&subjectId=" + r.get("subject") + "&month=" + YearMonth.now() + "&format=xlsx", t).status(),
                        expect(401, 403, 200, 403, 200, 200)),
                new Row("GET /exports/statement (the student's)", t -> api.get("/api/v1/exports/statement?format=pdf&studentEmail=" + r.get("a"), t).status(),
                        expect(401, 200, 200, 403, 200, 200)),
                new Row("GET /exports/at-risk (own department)", t -> api.get("/api/v1/exports/at-risk?format=xlsx&departmentId=" + r.get("department"), t).status(),
                        expect(401, 403, 200, 403, 200, 200)),
                new Row("POST /reports/runs", t -> api.post("/api/v1/reports/runs", t, Map.of("job", "trends")).status(),
                        expect(401, 403, 403, 403, 202, 202)),
                new Row("GET /reports/runs/{id}", t -> api.get("/api/v1/reports/runs/" + runId, t).status(),
                        expect(401, 403, 403, 403, 200, 200)),
                new Row("PUT /me/report-subscriptions/{job}", t -> api.send("PUT", "/api/v1/me/report-subscriptions/trends", t).status(),
                        expect(401, 403, 403, 403, 204, 204)),
                new Row("GET /me/report-subscriptions", t -> api.get("/api/v1/me/report-subscriptions", t).status(),
                        expect(401, 403, 403, 403, 200, 200)),
                new Row("DELETE /me/report-subscriptions/{job}", t -> api.delete("/api/v1/me/report-subscriptions/trends", t).status(),
                        expect(401, 403, 403, 403, 204, 204)),
                // absence claims: the student's own, the reviewers' queue (the owning teacher's "I was there"), the office's
                new Row("POST /me/claim-documents", t -> api.upload("/api/v1/me/claim-documents?name=note.pdf", t, "application/pdf",
                        "%PDF-1.4\n%matrix\n".getBytes()).status(), expect(401, 201, 403, 403, 403, 403)),
                new Row("POST /me/claims (a session not theirs)", t -> api.post("/api/v1/me/claims", t,
                        Map.of("kind", "WAS_THERE", "sessionId", UUID.randomUUID().toString())).status(), expect(401, 404, 403, 403, 403, 403)),
                new Row("GET /me/claims", t -> api.get("/api/v1/me/claims", t).status(), expect(401, 200, 403, 403, 403, 403)),
                new Row("POST /me/claims/{id}/withdraw (another's)", t -> api.post("/api/v1/me/claims/" + UUID.randomUUID() + "/withdraw", t, null).status(),
                        expect(401, 404, 403, 403, 403, 403)),
                new Row("GET /claims", t -> api.get("/api/v1/claims", t).status(), expect(401, 403, 200, 200, 403, 200)),
                new Row("GET /claims/waiting", t -> api.get("/api/v1/claims/waiting", t).status(), expect(401, 403, 200, 200, 403, 200)),
                new Row("GET /claims/{id}", t -> api.get("/api/v1/claims/" + claimId, t).status(), expect(401, 200, 200, 404, 403, 200)),
                new Row("GET /claims/{id}/documents/{doc} (none)", t -> api.get("/api/v1/claims/" + claimId + "/documents/" + UUID.randomUUID(), t).status(),
                        expect(401, 404, 404, 404, 403, 404)),
                new Row("POST /claims/{id}/decision (a rejection without a note)", t -> api.post("/api/v1/claims/" + claimId + "/decision", t,
                        Map.of("approve", false)).status(), expect(401, 403, 400, 404, 403, 400)),
                new Row("GET /reports/evidence", t -> api.get("/api/v1/reports/evidence?sessionId=" + sessionId + "&studentEmail=" + r.get("a"), t).status(),
                        expect(401, 403, 200, 403, 200, 200)),
                // the term calendar: days everyone reads, the office's file, a teacher's period, hand-overs; the forecast
                new Row("GET /calendar", t -> api.get("/api/v1/calendar?from=2026-01-01&to=2026-12-31", t).status(), expect(401, 200, 200, 200, 200, 200)),
                new Row("POST /admin/calendar (a file naming no day)", t -> api.upload("/api/v1/admin/calendar", t, "text/csv",
                        "date,kind,follows,name\n".getBytes()).status(), expect(401, 403, 403, 403, 403, 400)),
                new Row("DELETE /admin/calendar/{date} (an ordinary day)", t -> api.delete("/api/v1/admin/calendar/2031-03-03", t).status(),
                        expect(401, 403, 403, 403, 403, 404)),
                new Row("POST /periods/{id}/cancellations (no reason)", t -> api.post("/api/v1/periods/" + r.get("period") + "/cancellations", t,
                        Map.of("date", TestStack.today().toString(), "reason", " ")).status(), expect(401, 403, 400, 403, 403, 400)),
                new Row("DELETE /periods/{id}/cancellations/{date} (not cancelled)", t -> api.delete("/api/v1/periods/" + r.get("period")
                        + "/cancellations/" + TestStack.today(), t).status(), expect(401, 403, 404, 403, 403, 404)),
                new Row("POST /substitutions (nobody to hand to)", t -> api.post("/api/v1/substitutions", t, Map.of("subjectId", r.get("subject"),
                        "from", TestStack.today().toString(), "to", TestStack.today().toString(), "substituteEmail", "nobody@college.test")).status(),
                        expect(401, 403, 404, 403, 403, 404)),
                new Row("GET /substitutions", t -> api.get("/api/v1/substitutions", t).status(), expect(401, 403, 200, 200, 403, 200)),
                new Row("DELETE /substitutions/{id} (none)", t -> api.delete("/api/v1/substitutions/" + UUID.randomUUID(), t).status(),
                        expect(401, 403, 404, 404, 403, 404)),
                new Row("POST /reports/runs/escalations", t -> api.send("POST", "/api/v1/reports/runs/escalations", t).status(),
                        expect(401, 403, 403, 403, 403, 200)),
                new Row("GET /reports/overview", t -> api.get("/api/v1/reports/overview", t).status(), expect(401, 403, 200, 200, 200, 200)),
                new Row("POST /reports/runs/guardian-digests", t -> api.send("POST", "/api/v1/reports/runs/guardian-digests", t).status(),
                        expect(401, 403, 403, 403, 403, 200)),
                new Row("GET /me/forecast", t -> api.get("/api/v1/me/forecast", t).status(), expect(401, 200, 403, 403, 403, 403)),
                new Row("GET /reports/student-forecast", t -> api.get("/api/v1/reports/student-forecast?studentEmail=" + r.get("a"), t).status(),
                        expect(401, 403, 200, 403, 200, 200)),
                new Row("POST /sessions/{id}/close", t -> api.post(s + "/close", t, null).status(), expect(401, 403, 200, 403, 403, 200)));

        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            for (var e : row.expected().entrySet()) {
                int expected = e.getValue();
                if (expected == 0) {
                    continue;
                }
                int actual = row.call().apply(tokens.get(e.getKey()));
                if (actual != expected) {
                    wrong.add(row.route() + " as " + e.getKey() + ": " + actual + " (expected " + expected + ")");
                }
            }
        }
        assertThat(wrong).isEmpty();
        // the owning teacher may decide on the pending device after all the refusals above
        assertThat(api.post("/api/v1/devices/" + pendingDevice + "/approve", tokens.get(OWNER), null).status()).isEqualTo(200);
    }
}
