package edu.attendance.systemtests.resilience;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stop the platform, start it again on the same data directory: roster, sessions, keys and history are all there. */
class RestartIT {

    @TempDir
    Path dir;

    @Test
    void dataSurvivesARestart() throws Exception {
        String sessionId;
        try (EmbeddedStack p = TestStack.start(dir)) {
            Api api = new Api(p.baseUrl());
            String admin = api.login("admin@college.test");
            api.minimalRoster(admin, "R");
            String teacher = api.login("tr@college.test");
            String student = api.login("ar@college.test");
            api.post("/api/v1/devices", student, Map.of("deviceUuid", "dev-r", "fingerprintHash", "fp-dev-r", "platform", "IOS"));
            sessionId = api.post("/api/v1/sessions", teacher, Map.of("subjectId", "SR", "durationMinutes", 45)).json()
                    .path("sessionId").asString();
            String token = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();
            assertThat(api.post("/api/v1/scans", student, Map.of("submissionId", UUID.randomUUID().toString(), "qrToken", token,
                    "capturedAt", Instant.now().toString()), Map.of("X-Device-Id", "dev-r", "X-Device-Fingerprint", "fp-dev-r"))
                    .status()).isEqualTo(202);
            assertThat(api.post("/api/v1/sessions/" + sessionId + "/close", teacher, null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api.get("/api/v1/reports/student-summary?studentEmail=br@college.test", admin).json()
                            .path(0).path("absent").asInt()).isEqualTo(1));
            // the closed session's live view is published too (at most 250 ms after its decisions) before the stop: a stop
            // inside that window leaves the last view unpublished until the session next changes (seen once in CI)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    api.get("/api/v1/sessions/" + sessionId + "/live", teacher).json().path("counts").path("absent").asInt())
                    .isEqualTo(1));
        }
        try (EmbeddedStack p = TestStack.start(dir)) {
            Api api = new Api(p.baseUrl());
            String admin = api.login("admin@college.test");
            String teacher = api.login("tr@college.test");
            assertThat(api.get("/api/v1/admin/roster/students", admin).json()).hasSize(2);
            assertThat(api.get("/api/v1/sessions/" + sessionId, teacher).json().path("status").asString()).isEqualTo("CLOSED");
            JsonNode present = api.get("/api/v1/reports/student-summary?studentEmail=ar@college.test", admin).json();
            assertThat(present.path(0).path("present").asInt()).isEqualTo(1);
            assertThat(present.path(0).path("held").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    api.get("/api/v1/sessions/" + sessionId + "/live", teacher).json().path("counts").path("absent").asInt())
                    .isEqualTo(1));
        }
    }

    /** Single-mark state outlives the process: after a restart mid-session a second submission is still refused. */
    @Test
    void aStudentMarkedBeforeARestartIsStillMarkedAfterIt() throws Exception {
        String sessionId;
        Map<String, String> device = Map.of("X-Device-Id", "dev-m", "X-Device-Fingerprint", "fp-dev-m");
        Map<String, String> deviceB = Map.of("X-Device-Id", "dev-n", "X-Device-Fingerprint", "fp-dev-n");
        try (EmbeddedStack p = TestStack.start(dir)) {
            Api api = new Api(p.baseUrl());
            String admin = api.login("admin@college.test");
            api.minimalRoster(admin, "M");
            String teacher = api.login("tm@college.test");
            String a = api.login("am@college.test");
            String b = api.login("bm@college.test");
            api.post("/api/v1/devices", a, Map.of("deviceUuid", "dev-m", "fingerprintHash", "fp-dev-m", "platform", "IOS"));
            api.post("/api/v1/devices", b, Map.of("deviceUuid", "dev-n", "fingerprintHash", "fp-dev-n", "platform", "IOS"));
            sessionId = api.post("/api/v1/sessions", teacher, Map.of("subjectId", "SM", "durationMinutes", 45)).json()
                    .path("sessionId").asString();
            String token = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();
            assertThat(api.post("/api/v1/scans", a, scan(token), device).status()).isEqualTo(202);
            // b is marked by the teacher by hand
            assertThat(api.post("/api/v1/sessions/" + sessionId + "/marks", teacher,
                    Map.of("studentEmail", "bm@college.test", "status", "EXCUSED", "reason", "sports meet")).status()).isEqualTo(202);
            assertThat(api.post("/api/v1/scans", a, scan(token), device).code()).isEqualTo("ALREADY_MARKED");
        }
        try (EmbeddedStack p = TestStack.start(dir)) {
            Api api = new Api(p.baseUrl());
            String teacher = api.login("tm@college.test");
            String a = api.login("am@college.test");
            String b = api.login("bm@college.test");
            String token = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();
            // new submission ids, the first request after the start: the sets were rebuilt before it was served
            Api.Response again = api.post("/api/v1/scans", a, scan(token), device);
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.code()).isEqualTo("ALREADY_MARKED");
            assertThat(api.post("/api/v1/scans", b, scan(token), deviceB).code()).isEqualTo("ALREADY_MARKED");
        }
    }

    static Map<String, String> scan(String token) {
        return Map.of("submissionId", UUID.randomUUID().toString(), "qrToken", token, "capturedAt", Instant.now().toString());
    }
}
