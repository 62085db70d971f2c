package edu.attendance.systemtests.decisions;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;

import static edu.attendance.systemtests.Fixtures.device;
import static edu.attendance.systemtests.Fixtures.scan;
import static edu.attendance.systemtests.Fixtures.student;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking slice of the foundation issue, through the public API on the embedded engines: roster
 * import → device → session → QR → scan → Kafka → stream decision → live view → close (absent) →
 * ClickHouse → student summary. Each test builds its own department, so tests share nothing but the
 * running platform.
 */
class WalkingSliceIT {

    final Fixtures fixtures = Fixtures.get();
    final Api api = fixtures.api;
    final String admin = fixtures.admin();

    @Test
    void theWholeSliceFromRosterToClickHouse() throws Exception {
        Map<String, String> r = fixtures.roster("w1");
        String teacher = api.login(r.get("teacher"));
        String a = api.login(r.get("a"));
        String b = api.login(r.get("b"));
        String outsider = api.login(r.get("outsider"));
        assertThat(fixtures.registerDevice(a, "dev-a-w1")).isEqualTo("ACTIVE");
        assertThat(fixtures.registerDevice(b, "dev-b-w1")).isEqualTo("ACTIVE");
        assertThat(fixtures.registerDevice(outsider, "dev-z-w1")).isEqualTo("ACTIVE");

        Api.Response opened = api.post("/api/v1/sessions", teacher, Map.of("periodId", r.get("period")));
        assertThat(opened.status()).isEqualTo(201);
        JsonNode session = opened.json();
        assertThat(session.path("status").asString()).isEqualTo("OPEN");
        assertThat(session.path("mode").asString()).isEqualTo("QR_AND_OTP");
        assertThat(session.path("rosterSize").asInt()).isEqualTo(3);
        String sessionId = session.path("sessionId").asString();

        Api.Response again = api.post("/api/v1/sessions", teacher, Map.of("periodId", r.get("period")));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("CONFLICT");
        assertThat(again.json().path("sessionId").asString()).isEqualTo(sessionId);

        JsonNode qr = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json();
        assertThat(qr.path("rotationSeconds").asInt()).isEqualTo(2);
        Api.Response svg = api.get("/api/v1/sessions/" + sessionId + "/qr.svg", teacher);
        assertThat(svg.contentType()).startsWith("image/svg+xml");
        assertThat(svg.text()).startsWith("<svg");
        // the phone reads the projected image just after it rotated (the steps below have the code's whole validity)
        fixtures.freshQr(sessionId, teacher);
        Api.Response png = api.get("/api/v1/sessions/" + sessionId + "/qr.png", teacher);
        var image = ImageIO.read(new ByteArrayInputStream(png.body()));
        // the server's image is the bare symbol: read it as one (ZXing's finder-pattern search missed ~2 % of such images)
        String token = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
        assertThat(token).startsWith("v1." + sessionId + ".");

        UUID submission = UUID.randomUUID();
        Api.Response accepted = api.post("/api/v1/scans", a, scan(submission, token), device("dev-a-w1"));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(accepted.json().path("provisional").asString()).isEqualTo("PRESENT");
        assertThat(accepted.json().path("sessionId").asString()).isEqualTo(sessionId);

        Api.Response replay = api.post("/api/v1/scans", a, scan(submission, token), device("dev-a-w1"));
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.json()).isEqualTo(accepted.json());
        Api.Response second = api.post("/api/v1/scans", a, scan(UUID.randomUUID(), token), device("dev-a-w1"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("ALREADY_MARKED");
        // these three were answered by the capture fast lane (a real server, a real token), not handed to the chain
        assertThat(fastLane(api, "served")).isGreaterThanOrEqualTo(3);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode live = api.get("/api/v1/sessions/" + sessionId + "/live", teacher).json();
            assertThat(live.path("counts").path("present").asInt()).isEqualTo(1);
            assertThat(live.path("counts").path("pending").asInt()).isEqualTo(2);
            assertThat(student(live, r.get("a")).path("status").asString()).isEqualTo("PRESENT");
            assertThat(student(live, r.get("a")).path("method").asString()).isEqualTo("QR");
        });

        Api.Response closed = api.post("/api/v1/sessions/" + sessionId + "/close", teacher, null);
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.json().path("status").asString()).isEqualTo("CLOSED");
        Api.Response closedAgain = api.post("/api/v1/sessions/" + sessionId + "/close", teacher, null);
        assertThat(closedAgain.json().path("closedAt").asString()).isEqualTo(closed.json().path("closedAt").asString());
        assertThat(api.get("/api/v1/sessions/" + sessionId, teacher).json().path("status").asString()).isEqualTo("CLOSED");
        Api.Response afterClose = api.post("/api/v1/scans", b, scan(UUID.randomUUID(), token), device("dev-b-w1"));
        assertThat(afterClose.status()).isIn(409, 422);
        assertThat(afterClose.code()).isIn("SESSION_NOT_OPEN", "QR_EXPIRED");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode live = api.get("/api/v1/sessions/" + sessionId + "/live", teacher).json();
            assertThat(live.path("status").asString()).isEqualTo("CLOSED");
            assertThat(live.path("counts").path("absent").asInt()).isEqualTo(2);
            assertThat(live.path("counts").path("pending").asInt()).isZero();
            assertThat(student(live, r.get("b")).path("status").asString()).isEqualTo("ABSENT");
        });

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode present = api.get("/api/v1/reports/student-summary?studentEmail=" + r.get("a"), admin).json();
            assertThat(present).hasSize(1);
            assertThat(present.get(0).path("subjectId").asString()).isEqualTo(r.get("subject"));
            assertThat(present.get(0).path("held").asInt()).isEqualTo(1);
            assertThat(present.get(0).path("present").asInt()).isEqualTo(1);
            assertThat(present.get(0).path("rate").asDouble()).isEqualTo(1.0);
            JsonNode mine = api.get("/api/v1/me/summary", a).json();
            assertThat(mine.get(0).path("subjectName").asString()).isEqualTo("Data Structures, Advanced");
            assertThat(mine.get(0).path("attended").asInt()).isEqualTo(1);
            JsonNode history = api.get("/api/v1/me/attendance", a).json();
            assertThat(history.get(0).path("sessionId").asString()).isEqualTo(sessionId);
            assertThat(history.get(0).path("status").asString()).isEqualTo("PRESENT");
            assertThat(history.get(0).path("method").asString()).isEqualTo("QR");
            assertThat(api.get("/api/v1/me/attendance?from=2026-02-01&to=2026-01-01", a).code()).isEqualTo("VALIDATION_FAILED");
            assertThat(api.get("/api/v1/me/attendance?from=yesterday", a).status()).isEqualTo(400);
            JsonNode absent = api.get("/api/v1/reports/student-summary?studentEmail=" + r.get("b"), teacher).json();
            assertThat(absent.get(0).path("absent").asInt()).isEqualTo(1);
            assertThat(absent.get(0).path("rate").asDouble()).isEqualTo(0.0);
        });
    }

    @Test
    void captureRefusesForgedTokensForeignDevicesAndOutsiders() {
        Map<String, String> r = fixtures.roster("w2");
        String teacher = api.login(r.get("teacher"));
        String a = api.login(r.get("a"));
        String outsider = api.login(r.get("outsider"));
        fixtures.registerDevice(a, "dev-a-w2");
        fixtures.registerDevice(outsider, "dev-z-w2");
        String sessionId = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30))
                .json().path("sessionId").asString();
        String token = fixtures.freshQr(sessionId, teacher);

        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        Api.Response bad = api.post("/api/v1/scans", a, scan(UUID.randomUUID(), forged), device("dev-a-w2"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.code()).isEqualTo("QR_INVALID");
        assertThat(bad.contentType()).startsWith("application/problem+json");

        Api.Response foreign = api.post("/api/v1/scans", a, scan(UUID.randomUUID(), token), device("someone-elses-phone"));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.code()).isEqualTo("DEVICE_MISMATCH");

        Api.Response notEnrolled = api.post("/api/v1/scans", outsider, scan(UUID.randomUUID(), token), device("dev-z-w2"));
        assertThat(notEnrolled.status()).isEqualTo(403);
        assertThat(notEnrolled.code()).isEqualTo("NOT_ENROLLED");

        Api.Response unknownField = api.post("/api/v1/scans", a, "{\"submissionId\":\"" + UUID.randomUUID()
                + "\",\"qrToken\":\"" + token + "\",\"capturedAt\":\"2026-11-21T09:00:00Z\",\"admin\":true}", device("dev-a-w2"));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(unknownField.text()).doesNotContain("edu.attendance");

        Api.Response huge = api.post("/api/v1/scans", a, "{\"submissionId\":\"" + UUID.randomUUID() + "\",\"qrToken\":\""
                + "x".repeat(200_000) + "\",\"capturedAt\":\"2026-11-21T09:00:00Z\"}", device("dev-a-w2"));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.code()).isEqualTo("PAYLOAD_TOO_LARGE");
        Api.Response wrongType = api.post("/api/v1/scans", a, "{\"submissionId\":42,\"qrToken\":[],\"capturedAt\":\"never\"}",
                device("dev-a-w2"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.code()).isEqualTo("VALIDATION_FAILED");

        Api.Response noHeaders = api.post("/api/v1/scans", a, scan(UUID.randomUUID(), token));
        assertThat(noHeaders.status()).isEqualTo(400);

        Api.Response teacherScan = api.post("/api/v1/scans", teacher, scan(UUID.randomUUID(), token), device("dev-a-w2"));
        assertThat(teacherScan.status()).isEqualTo(403);
        assertThat(teacherScan.code()).isEqualTo("FORBIDDEN");

        // the refusals wrote nothing: the student can still mark
        Api.Response ok = api.post("/api/v1/scans", a, scan(UUID.randomUUID(), token), device("dev-a-w2"));
        assertThat(ok.status()).isEqualTo(202);

        // refusals are still recorded for analytics, beside the accepted submission
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Connection c = TestStack.get().clickhouse();
                 PreparedStatement ps = c.prepareStatement(
                         "SELECT outcome FROM submissions FINAL WHERE session_id = ? ORDER BY outcome")) {
                ps.setString(1, sessionId);
                List<String> outcomes = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        outcomes.add(rs.getString(1));
                    }
                }
                assertThat(outcomes).contains("ACCEPTED", "QR_INVALID", "DEVICE_MISMATCH", "NOT_ENROLLED");
            }
        });
    }

    @Test
    void rosterFilesAreValidatedWholeAndReimportIsANoOp() {
        fixtures.roster("w3");
        Api.Response reimport = api.csv("students", admin, "email,name,roll_no,class_id\naw3@college.test,Asha,1,Cw3\n");
        assertThat(reimport.status()).isEqualTo(200);
        assertThat(reimport.json().path("created").asInt()).isZero();
        assertThat(reimport.json().path("updated").asInt()).isZero();

        Api.Response bad = api.csv("students", admin, "email,name,roll_no,class_id\n"
                + "new1w3@college.test,New,9,Cw3\n"
                + "not-an-email,X,10,Cw3\n"
                + "new2w3@college.test,Y,11,NOPE\n"
                + "new3w3@college.test,Z,1,Cw3\n");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.code()).isEqualTo("VALIDATION_FAILED");
        JsonNode errors = bad.json().path("errors");
        assertThat(errors.valueStream().map(e -> e.path("line").asInt()).toList()).containsExactly(3, 4, 5);
        JsonNode students = api.get("/api/v1/admin/roster/students", admin).json();
        assertThat(students.valueStream().map(s -> s.path("email").asString()).toList()).doesNotContain("new1w3@college.test");

        Api.Response header = api.csv("periods", admin, "period_id,subject_id\nx,y\n");
        assertThat(header.status()).isEqualTo(422);
        assertThat(header.json().path("errors").get(0).path("line").asInt()).isEqualTo(1);

        String student = api.login("aw3@college.test");
        assertThat(api.csv("students", student, "email,name,roll_no,class_id\n").status()).isEqualTo(403);
        assertThat(api.csv("students", null, "email,name,roll_no,class_id\n").status()).isEqualTo(401);
    }

    @Test
    void loginNeedsAVerifiedAccount() {
        Api.Response r = api.post("/api/v1/auth/dev-login", null, Map.of("email", "stranger@college.test"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("NOT_VERIFIED");
        Api.Response tokens = api.post("/api/v1/auth/dev-login", null, Map.of("email", "admin@college.test"));
        String refresh = tokens.json().path("refreshToken").asString();
        Api.Response rotated = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh));
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().path("user").path("role").asString()).isEqualTo("ADMIN");
        // within the grace the spent token gets the same successor (two tabs); after it, a reuse revokes the family
        assertThat(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh)).json().path("refreshToken").asString())
                .isEqualTo(rotated.json().path("refreshToken").asString());
        TestStack.get().context().getBean(JdbcTemplate.class).update(
                "UPDATE refresh_tokens SET used_at = used_at - interval '1 hour' WHERE email = 'admin@college.test' AND used_at IS NOT NULL");
        Api.Response reused = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh));
        assertThat(reused.status()).isEqualTo(401);
        Api.Response familyRevoked = api.post("/api/v1/auth/refresh", null,
                Map.of("refreshToken", rotated.json().path("refreshToken").asString()));
        assertThat(familyRevoked.status()).isEqualTo(401);
        assertThat(api.get("/api/v1/admin/roster/students", "not-a-jwt").status()).isEqualTo(401);
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus", null).text()).contains("attendance_sink_decisions_inserted");
        JsonNode openapi = api.get("/v3/api-docs", null).json();
        assertThat(openapi.path("paths").has("/api/v1/scans")).isTrue();
        assertThat(openapi.path("paths").has("/api/v1/sessions/{id}/live")).isTrue();
    }

    /** The capture fast lane's counter (served or handed-on) from the Prometheus scrape. */
    private static double fastLane(Api api, String path) {
        String metrics = api.get("/actuator/prometheus", null).text();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("attendance_capture_fast_lane_total\\{[^}]*path=\"" + path + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        assertThat(m.find()).as("the fast lane's counter in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
