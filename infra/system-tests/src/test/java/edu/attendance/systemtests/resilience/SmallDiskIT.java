package edu.attendance.systemtests.resilience;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.BurstCollege;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker's log on a small file system of its own (a 256 MB tmpfs mounted at the data directory's {@code kafka/},
 * as a separate volume would be): filling it to under {@code attendance.disk.min-free} makes capture refuse marks with
 * 503 before the broker's disk is full, the health names it; freeing the space brings marks back, and nothing refused or
 * accepted is lost or doubled. Needs root to mount (as CI runs here); skipped otherwise.
 */
class SmallDiskIT {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void marksStopBeforeTheBrokersSmallDiskFillsAndComeBackWhenSpaceIsFreed() throws Exception {
        assumeThat(System.getProperty("user.name")).as("mounting a file system needs root").isEqualTo("root");
        Path data = dir.resolve("data");
        Path kafka = Files.createDirectories(data.resolve("kafka"));
        assumeThat(run("mount", "-t", "tmpfs", "-o", "size=256m,mode=0700", "tmpfs", kafka.toString())).as("mount").isZero();
        try {
            try (EmbeddedStack p = TestStack.start(data, Map.of("attendance.disk.min-free", "96MB"))) {
                Api api = new Api(p.baseUrl());
                String admin = api.login("admin@college.test");
                api.minimalRoster(admin, "M");
                String teacher = api.login("tm@college.test");
                String session = api.post("/api/v1/sessions", teacher, Map.of("subjectId", "SM", "durationMinutes", 45)).json()
                        .path("sessionId").asString();
                String a = phone(api, "am@college.test", "dev-am");
                String b = phone(api, "bm@college.test", "dev-bm");
                assertThat(scan(api, teacher, session, a, "dev-am").status()).isEqualTo(202);

                // the broker's file system down to 64 MB free: under the minimum
                Path filler = kafka.resolve("filler.bin");
                fill(filler, Files.getFileStore(kafka).getUsableSpace() - 64 * MB);
                // the free space is measured at most once a second: the health says when the platform has seen it
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                        .until(() -> api.get("/actuator/health", null).status() == 503);
                Api.Response health = api.get("/actuator/health", null);
                assertThat(new String(health.body())).contains("OUT_OF_SERVICE");
                Api.Response refused = scan(api, teacher, session, b, "dev-bm");
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.code()).isEqualTo("UNAVAILABLE");
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();

                // space freed: the next try is accepted, and each student is decided once
                Files.delete(filler);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                        .until(() -> api.get("/actuator/health", null).status() == 200);
                Api.Response accepted = scan(api, teacher, session, b, "dev-bm");
                assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
                assertThat(api.post("/api/v1/sessions/" + session + "/close", teacher, null).status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(60)).until(() -> BurstCollege.count(p,
                        "SELECT count() FROM decisions FINAL WHERE class_id = 'CM' AND status = 'PRESENT'") == 2);
                assertThat(BurstCollege.count(p, "SELECT count() FROM decisions WHERE class_id = 'CM'")).as("no decision twice").isEqualTo(2);
            }
        } finally {
            run("umount", "-l", kafka.toString());
        }
    }

    /** A student with their phone bound; their token. */
    private static String phone(Api api, String email, String device) {
        String token = api.login(email);
        assertThat(api.post("/api/v1/devices", token, Map.of("deviceUuid", device, "fingerprintHash", "fp-" + device,
                "platform", "ANDROID")).status()).isEqualTo(200);
        return token;
    }

    private static Api.Response scan(Api api, String teacher, String session, String student, String device) {
        String token = api.get("/api/v1/sessions/" + session + "/qr", teacher).json().path("token").asString();
        return api.post("/api/v1/scans", student, Map.of("submissionId", UUID.randomUUID().toString(), "qrToken", token,
                "capturedAt", Instant.now().toString()), Map.of("X-Device-Id", device, "X-Device-Fingerprint", "fp-" + device));
    }

    /** Writes {@code bytes} of real data (a sparse file would take no room on tmpfs). */
    private static void fill(Path file, long bytes) throws IOException {
        byte[] block = new byte[(int) MB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
}
