package edu.attendance.systemtests.capture;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import static edu.attendance.systemtests.Fixtures.device;
import static edu.attendance.systemtests.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One-device binding (docs/rules.md rule 6) and manual marks, through the API on the embedded engines. */
class DevicesIT {

    static final Api api = Fixtures.get().api;
    static final String admin = Fixtures.get().admin();


    static Api.Response register(String token, String uuid, String fingerprint, String integrity) {
        return api.post("/api/v1/devices", token, integrity == null
                ? Map.of("deviceUuid", uuid, "fingerprintHash", fingerprint, "platform", "ANDROID")
                : Map.of("deviceUuid", uuid, "fingerprintHash", fingerprint, "platform", "ANDROID", "integrity", integrity));
    }

    static Map<String, String> headers(String uuid, String fingerprint) {
        return Map.of("X-Device-Id", uuid, "X-Device-Fingerprint", fingerprint);
    }

    @Test
    void reinstallNewPhoneApprovalByTheStudentsOwnTeacher() {
        Map<String, String> r = Fixtures.get().roster("d1");
        Map<String, String> other = Fixtures.get().roster("d1x");
        String teacher = api.login(r.get("teacher"));
        String otherTeacher = api.login(other.get("teacher"));
        String a = api.login(r.get("a"));
        String sessionId = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30))
                .json().path("sessionId").asString();
        String qr = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();

        assertThat(register(a, "phone-1", "fp-phone-4f2a", "STRONG").json().path("status").asString()).isEqualTo("ACTIVE");
        assertThat(register(a, "phone-1", "fp-phone-4f2a", "STRONG").json().path("status").asString()).isEqualTo("ACTIVE");
        // reinstall: new app UUID, same fingerprint
        assertThat(register(a, "phone-1-reinstalled", "fp-phone-4f2a", "BASIC").json().path("status").asString()).isEqualTo("ACTIVE");
        Api.Response old = api.post("/api/v1/scans", a, scan(UUID.randomUUID(), qr), headers("phone-1", "fp-phone-4f2a"));
        assertThat(old.code()).isEqualTo("DEVICE_MISMATCH");

        // a different phone waits for approval
        Api.Response newPhone = register(a, "phone-2", "fp-other-phone-77c1", null);
        assertThat(newPhone.json().path("status").asString()).isEqualTo("PENDING");
        String deviceId = newPhone.json().path("deviceId").asString();
        Api.Response pendingScan = api.post("/api/v1/scans", a, scan(UUID.randomUUID(), qr), headers("phone-2", "fp-other-phone-77c1"));
        assertThat(pendingScan.status()).isEqualTo(403);
        assertThat(pendingScan.code()).isEqualTo("DEVICE_PENDING");

        assertThat(api.get("/api/v1/devices?status=PENDING", otherTeacher).json().valueStream()
                .map(d -> d.path("deviceId").asString()).toList()).doesNotContain(deviceId);
        assertThat(api.post("/api/v1/devices/" + deviceId + "/approve", otherTeacher, null).code()).isEqualTo("FORBIDDEN");
        assertThat(api.post("/api/v1/devices/" + deviceId + "/approve", a, null).code()).isEqualTo("FORBIDDEN");
        JsonNode mine = api.get("/api/v1/devices?status=PENDING", teacher).json();
        assertThat(mine.valueStream().filter(d -> d.path("deviceId").asString().equals(deviceId)).findFirst().orElseThrow()
                .path("studentEmail").asString()).isEqualTo(r.get("a"));

        Api.Response approved = api.post("/api/v1/devices/" + deviceId + "/approve", teacher, null);
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().path("status").asString()).isEqualTo("ACTIVE");
        // the audit row says who approved what, its JSON built by the database from the values
        JsonNode audit = api.get("/api/v1/admin/audit?target=" + deviceId, Fixtures.get().admin()).json();
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.path("action").asString()).isEqualTo("DEVICE_APPROVED");
            assertThat(e.path("actor").asString()).isEqualTo(r.get("teacher"));
            assertThat(e.path("before").path("student").asString()).isEqualTo(r.get("a"));
            assertThat(e.path("after").path("status").asString()).isEqualTo("ACTIVE");
        });
        assertThat(api.post("/api/v1/devices/" + deviceId + "/approve", teacher, null).code()).isEqualTo("CONFLICT");
        assertThat(api.post("/api/v1/scans", a, scan(UUID.randomUUID(), qr), headers("phone-1-reinstalled", "fp-phone-4f2a")).code())
                .isEqualTo("DEVICE_MISMATCH");
        assertThat(api.post("/api/v1/scans", a, scan(UUID.randomUUID(), Fixtures.get().freshQr(sessionId, teacher)),
                headers("phone-2", "fp-other-phone-77c1")).status()).isEqualTo(202);

        JdbcTemplate pg = TestStack.get().context().getBean(JdbcTemplate.class);
        assertThat(pg.queryForObject("SELECT count(*) FROM devices WHERE user_email = ? AND status = 'ACTIVE'", Long.class, r.get("a")))
                .isEqualTo(1);
        assertThat(pg.queryForObject("SELECT actor FROM audit_log WHERE action = 'DEVICE_APPROVED' AND target = ?", String.class,
                "device:" + deviceId)).isEqualTo(r.get("teacher"));
    }

    @Test
    void integrityFailureBlocksTheAccountUntilAnAdminClearsIt() {
        Map<String, String> r = Fixtures.get().roster("d2");
        String b = api.login(r.get("b"));
        assertThat(register(b, "b-phone", "fp-b-91aa0c", "STRONG").json().path("status").asString()).isEqualTo("ACTIVE");
        String teacher = api.login(r.get("teacher"));
        String sessionId = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30))
                .json().path("sessionId").asString();
        String qr = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();
        assertThat(register(b, "rooted", "fp-rooted-00f1", "FAIL").json().path("status").asString()).isEqualTo("BLOCKED");
        // blocked means blocked: the phone approved before marks nothing, online or offline
        Api.Response oldPhone = api.post("/api/v1/scans", b, scan(UUID.randomUUID(), qr), headers("b-phone", "fp-b-91aa0c"));
        assertThat(oldPhone.status()).isEqualTo(403);
        assertThat(oldPhone.code()).isEqualTo("ACCOUNT_BLOCKED");
        Map<String, Object> offline = Map.of("submissionId", UUID.randomUUID().toString(), "qrToken", qr,
                "capturedAt", Instant.now().toString(), "offline", true);
        assertThat(api.post("/api/v1/scans/batch", b, Map.of("items", List.of(offline)), headers("b-phone", "fp-b-91aa0c"))
                .json().path("results").get(0).path("code").asString()).isEqualTo("ACCOUNT_BLOCKED");
        JdbcTemplate pg = TestStack.get().context().getBean(JdbcTemplate.class);
        assertThat(pg.queryForList("SELECT status FROM devices WHERE user_email = ? ORDER BY requested_at", String.class, r.get("b")))
                .containsExactly("BLOCKED", "BLOCKED");
        Api.Response blocked = register(b, "b-phone", "fp-b-91aa0c", "STRONG");
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.code()).isEqualTo("DEVICE_BLOCKED");
        assertThat(api.post("/api/v1/admin/users/" + r.get("b") + "/unblock", b, null).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/admin/users/" + r.get("b") + "/unblock", admin, null).status()).isEqualTo(200);
        assertThat(register(b, "b-phone", "fp-b-91aa0c", "STRONG").json().path("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void concurrentRegistrationsLeaveExactlyOneActiveDevice() throws Exception {
        Map<String, String> r = Fixtures.get().roster("d3");
        String c = api.login(r.get("c"));
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int k = i;
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return register(c, "c-phone-" + k, "fp-c-phone-" + k, null).json().path("status").asString();
            }));
        }
        go.countDown();
        List<String> statuses = results.stream().map(CompletableFuture::join).toList();
        assertThat(statuses).containsOnlyOnce("ACTIVE");
        assertThat(statuses).filteredOn("PENDING"::equals).hasSize(7);
    }

    /**
     * Many teachers' marks at the same moment (a review after class): each commits and is sent. Each commit used to drain
     * the outbox on its own thread while still holding its connection (two per mark); in the integrity bench's review (16
     * at once, a busy broker) marks then waited for the pool until its 30 s timeout. This passes with either; the bench is
     * what showed the wait.
     */
    @Test
    void manyMarksAtOnceAllCommitWithoutExhaustingThePool() throws Exception {
        Map<String, String> r = Fixtures.get().roster("d5");
        String teacher = api.login(r.get("teacher"));
        String sessionId = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30))
                .json().path("sessionId").asString();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> marks = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String student = r.get(List.of("a", "b", "c").get(i % 3));
            marks.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return api.post("/api/v1/sessions/" + sessionId + "/marks", teacher,
                        Map.of("studentEmail", student, "status", "PRESENT", "reason", "reviewed")).status();
            }, Executors.newVirtualThreadPerTaskExecutor()));
        }
        go.countDown();
        assertThat(marks.stream().map(CompletableFuture::join).toList()).containsOnly(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TestStack.get().context().getBean(JdbcTemplate.class)
                .queryForObject("SELECT count(*) FROM outbox", Long.class)).isZero());
    }

    @Test
    void aManualMarkOverridesIsAuditedAndEndsScanning() {
        Map<String, String> r = Fixtures.get().roster("d4");
        String teacher = api.login(r.get("teacher"));
        String a = api.login(r.get("a"));
        assertThat(register(a, "a-device-d4", "fp-a-device-d4-print", null).json().path("status").asString()).isEqualTo("ACTIVE");
        String sessionId = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30))
                .json().path("sessionId").asString();
        Api.Response mark = api.post("/api/v1/sessions/" + sessionId + "/marks", teacher,
                Map.of("studentEmail", r.get("a"), "status", "EXCUSED", "reason", "sports meet"));
        assertThat(mark.status()).isEqualTo(202);
        assertThat(api.post("/api/v1/sessions/" + sessionId + "/marks", a,
                Map.of("studentEmail", r.get("a"), "status", "PRESENT", "reason", "me")).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/sessions/" + sessionId + "/marks", teacher,
                Map.of("studentEmail", "nobody@college.test", "status", "PRESENT")).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.post("/api/v1/sessions/" + sessionId + "/marks", teacher,
                Map.of("studentEmail", r.get("a"), "status", "MAYBE")).status()).isEqualTo(400);
        String qr = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();
        assertThat(api.post("/api/v1/scans", a, scan(UUID.randomUUID(), qr), device("a-device-d4")).code()).isEqualTo("ALREADY_MARKED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode live = api.get("/api/v1/sessions/" + sessionId + "/live", teacher).json();
            assertThat(Fixtures.student(live, r.get("a")).path("status").asString()).isEqualTo("EXCUSED");
            assertThat(Fixtures.student(live, r.get("a")).path("method").asString()).isEqualTo("MANUAL");
        });
        JdbcTemplate pg = TestStack.get().context().getBean(JdbcTemplate.class);
        assertThat(pg.queryForObject("SELECT after->>'reason' FROM audit_log WHERE action = 'MANUAL_MARK' AND target = ?", String.class,
                "session:" + sessionId + ":" + r.get("a"))).isEqualTo("sports meet");
    }
}
