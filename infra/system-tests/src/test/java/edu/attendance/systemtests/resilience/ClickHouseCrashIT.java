package edu.attendance.systemtests.resilience;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.BurstCollege;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * chDB dies by itself (killed from outside with SIGKILL, as a native fault or the kernel would): the embedded run's
 * supervisor starts it again on the same port and data, the history written before is still there, and marks made after
 * reach it — without anyone restarting the platform.
 */
class ClickHouseCrashIT {

    @TempDir
    Path dir;

    @Test
    void aCrashedClickHouseIsStartedAgainAndTheHistoryGoesOn() throws Exception {
        try (EmbeddedStack p = TestStack.start(dir, Map.of())) {
            Api api = new Api(p.baseUrl());
            String admin = api.login("admin@college.test");
            api.minimalRoster(admin, "Y");
            String teacher = api.login("ty@college.test");
            String student = api.login("ay@college.test");
            assertThat(api.post("/api/v1/devices", student, Map.of("deviceUuid", "dev-y", "fingerprintHash", "fp-dev-y",
                    "platform", "IOS")).status()).isEqualTo(200);
            markAndClose(api, teacher, student);
            await().atMost(Duration.ofSeconds(60)).until(() -> decisions(p) == 2);

            long crashed = p.clickHousePid();
            assertThat(ProcessHandle.of(crashed).orElseThrow().destroyForcibly()).isTrue();

            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> p.clickHousePid() != crashed && decisions(p) == 2);
            markAndClose(api, teacher, student);
            await().atMost(Duration.ofSeconds(90)).until(() -> decisions(p) == 4);
            Api.Response summary = api.get("/api/v1/me/summary", student);
            assertThat(summary.status()).isEqualTo(200);
        }
    }

    private static void markAndClose(Api api, String teacher, String student) {
        Api.Response opened = api.post("/api/v1/sessions", teacher, Map.of("subjectId", "SY", "durationMinutes", 45));
        assertThat(opened.status()).isEqualTo(201);
        String session = opened.json().path("sessionId").asString();
        String token = api.get("/api/v1/sessions/" + session + "/qr", teacher).json().path("token").asString();
        assertThat(api.post("/api/v1/scans", student, Map.of("submissionId", UUID.randomUUID().toString(), "qrToken", token,
                "capturedAt", Instant.now().toString()), Map.of("X-Device-Id", "dev-y", "X-Device-Fingerprint", "fp-dev-y")).status())
                .isEqualTo(202);
        assertThat(api.post("/api/v1/sessions/" + session + "/close", teacher, null).status()).isEqualTo(200);
    }

    private static long decisions(EmbeddedStack p) throws Exception {
        return BurstCollege.count(p, "SELECT count() FROM decisions FINAL WHERE class_id = 'CY'");
    }
}
