package edu.attendance.systemtests.resilience;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When Kafka cannot acknowledge a submission the student gets 503 with Retry-After — never a false 202 —
 * and retrying the same submission once Kafka is back records it exactly once. A teacher's mark made meanwhile is
 * kept in the outbox and reaches the stream once Kafka is back.
 */
class KafkaDownIT {

    @TempDir
    Path dir;

    @Test
    void noFalseAcceptanceWhileTheLogIsDownAndARetryCountsOnce() throws Exception {
        try (EmbeddedStack p = TestStack.start(dir)) {
            Api api = new Api(p.baseUrl());
            String admin = api.login("admin@college.test");
            api.minimalRoster(admin, "K");
            String teacher = api.login("tk@college.test");
            String student = api.login("ak@college.test");
            Map<String, String> device = Map.of("X-Device-Id", "dev-k", "X-Device-Fingerprint", "fp-dev-k-print");
            api.post("/api/v1/devices", student, Map.of("deviceUuid", "dev-k", "fingerprintHash", "fp-dev-k-print", "platform", "IOS"));
            String sessionId = api.post("/api/v1/sessions", teacher, Map.of("subjectId", "SK", "durationMinutes", 45)).json()
                    .path("sessionId").asString();
            UUID submission = UUID.randomUUID();

            p.stopKafka();
            String token = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();
            Api.Response down = api.post("/api/v1/scans", student, Fixtures.scan(submission, token), device);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.code()).isEqualTo("UNAVAILABLE");
            assertThat(down.headers().firstValue("Retry-After")).isPresent();
            // the teacher's own changes do not wait for the log: marked now, sent from the outbox when it is back
            Api.Response excused = api.post("/api/v1/sessions/" + sessionId + "/marks", teacher,
                    Map.of("studentEmail", "bk@college.test", "status", "EXCUSED", "reason", "medical note"));
            assertThat(excused.status()).isEqualTo(202);

            p.startKafka();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                String fresh = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();
                return api.post("/api/v1/scans", student, Fixtures.scan(submission, fresh), device).status() == 202;
            });
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode live = api.get("/api/v1/sessions/" + sessionId + "/live", teacher).json();
                assertThat(Fixtures.student(live, "ak@college.test").path("status").asString()).isEqualTo("PRESENT");
                assertThat(Fixtures.student(live, "bk@college.test").path("status").asString()).isEqualTo("EXCUSED");
            });
            assertThat(api.post("/api/v1/sessions/" + sessionId + "/close", teacher, null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode summary = api.get("/api/v1/reports/student-summary?studentEmail=ak@college.test", admin).json();
                assertThat(summary.path(0).path("held").asInt()).isEqualTo(1);
                assertThat(summary.path(0).path("present").asInt()).isEqualTo(1);
            });
        }
    }
}
