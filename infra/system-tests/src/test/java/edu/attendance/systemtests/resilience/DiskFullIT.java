package edu.attendance.systemtests.resilience;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory's file system below {@code attendance.disk.min-free} (set above this machine's free space, which is
 * the real file system measured): marks are refused with 503 {@code UNAVAILABLE} and {@code Retry-After} before the
 * broker could fill the disk, nothing of them is written, the health says OUT_OF_SERVICE, and teachers go on working.
 */
class DiskFullIT {

    @TempDir
    Path dir;

    @Test
    void belowTheMinimumFreeSpaceMarksAreRefusedAndTeachersWorkOn() throws Exception {
        try (EmbeddedStack p = TestStack.start(dir, Map.of("attendance.disk.min-free", "1000000TB"))) {
            Api api = new Api(p.baseUrl());
            String admin = api.login("admin@college.test");
            api.minimalRoster(admin, "Q");
            String teacher = api.login("tq@college.test");
            String student = api.login("aq@college.test");
            Map<String, String> device = Map.of("X-Device-Id", "dev-q", "X-Device-Fingerprint", "fp-dev-q");
            assertThat(api.post("/api/v1/devices", student, Map.of("deviceUuid", "dev-q", "fingerprintHash", "fp-dev-q",
                    "platform", "IOS")).status()).isEqualTo(200);
            Api.Response opened = api.post("/api/v1/sessions", teacher, Map.of("subjectId", "SQ", "durationMinutes", 45));
            assertThat(opened.status()).as("a teacher still opens a period").isEqualTo(201);
            String session = opened.json().path("sessionId").asString();
            String token = api.get("/api/v1/sessions/" + session + "/qr", teacher).json().path("token").asString();

            Api.Response scan = api.post("/api/v1/scans", student, Map.of("submissionId", UUID.randomUUID().toString(),
                    "qrToken", token, "capturedAt", Instant.now().toString()), device);
            assertThat(scan.status()).isEqualTo(503);
            assertThat(scan.code()).isEqualTo("UNAVAILABLE");
            assertThat(scan.headers().firstValue("Retry-After")).isPresent();
            assertThat(api.get("/api/v1/me/open-sessions", student).json().path(0).path("marked").asBoolean())
                    .as("nothing of the refused mark was kept").isFalse();
            assertThat(api.get("/api/v1/sessions/" + session + "/live", teacher).status()).isIn(200, 404);
            Api.Response health = api.get("/actuator/health", null);
            assertThat(health.status()).isEqualTo(503);
            assertThat(new String(health.body())).contains("OUT_OF_SERVICE");
        }
    }
}
