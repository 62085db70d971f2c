package edu.attendance.systemtests.capture;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static edu.attendance.systemtests.Fixtures.device;
import static edu.attendance.systemtests.Fixtures.scan;
import static edu.attendance.systemtests.Fixtures.student;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** docs/rules.md rules 2, 3, 7, 8 and 10 through the API: QR windows, OTP, offline sync, signals, rate limits. */
class CaptureIT {

    static final Api api = Fixtures.get().api;


    record Class(Map<String, String> roster, String teacher, String a, String b, String c, String sessionId) {
    }

    static Class openClass(String tag, String mode) {
        return openClass(tag, mode, null);
    }

    /** {@code room}: where the teacher is (a location shared with the session), or null. */
    static Class openClass(String tag, String mode, Map<String, Object> room) {
        Map<String, String> r = Fixtures.get().roster(tag);
        String teacher = api.login(r.get("teacher"));
        String a = api.login(r.get("a"));
        String b = api.login(r.get("b"));
        String c = api.login(r.get("c"));
        Fixtures.get().registerDevice(a, "a-" + tag);
        Fixtures.get().registerDevice(b, "b-" + tag);
        Fixtures.get().registerDevice(c, "c-" + tag);
        Map<String, Object> body = new HashMap<>(Map.of("subjectId", r.get("subject"), "durationMinutes", 30, "mode", mode));
        if (room != null) {
            body.put("location", room);
        }
        String sessionId = api.post("/api/v1/sessions", teacher, body).json().path("sessionId").asString();
        return new Class(r, teacher, a, b, c, sessionId);
    }

    static long window(String token) {
        return Long.parseLong(token.split("\\.")[2]);
    }

    String qr(Class k) {
        return api.get("/api/v1/sessions/" + k.sessionId() + "/qr", k.teacher()).json().path("token").asString();
    }

    @Test
    void aTokenIsValidThroughTheNextWindowAndExpiredAfter() {
        Class k = openClass("c1", "QR");
        String token = qr(k);
        long w = window(token);
        await().atMost(Duration.ofSeconds(25)).until(() -> window(qr(k)) == w + 1);
        Api.Response grace = api.post("/api/v1/scans", k.a(), scan(UUID.randomUUID(), token), device("a-c1"));
        assertThat(grace.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(25)).until(() -> window(qr(k)) >= w + 2);
        Api.Response expired = api.post("/api/v1/scans", k.b(), scan(UUID.randomUUID(), token), device("b-c1"));
        assertThat(expired.status()).isEqualTo(422);
        assertThat(expired.code()).isEqualTo("QR_EXPIRED");
        assertThat(api.post("/api/v1/scans", k.b(), scan(UUID.randomUUID(), qr(k)), device("b-c1")).status()).isEqualTo(202);
    }

    @Test
    void otpRightWrongAndWrongTwice() {
        Class k = openClass("c2", "OTP");
        String path = "/api/v1/sessions/" + k.sessionId() + "/otp-attempts";
        assertThat(api.get("/api/v1/sessions/" + k.sessionId() + "/otp", k.a()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/sessions/" + k.sessionId() + "/qr", k.teacher()).code()).isEqualTo("CONFLICT");

        JsonNode otp = api.get("/api/v1/sessions/" + k.sessionId() + "/otp", k.teacher()).json();
        assertThat(otp.path("otp").asString()).matches("\\d{4}");
        Api.Response right = api.post(path, k.a(), Map.of("submissionId", UUID.randomUUID().toString(), "otp", otp.path("otp").asString()),
                device("a-c2"));
        assertThat(right.status()).isEqualTo(202);
        assertThat(right.json().path("provisional").asString()).isEqualTo("PRESENT");

        String wrong = String.format("%04d", (Integer.parseInt(otp.path("otp").asString()) + 5000) % 10_000);
        Api.Response first = api.post(path, k.b(), Map.of("submissionId", UUID.randomUUID().toString(), "otp", wrong), device("b-c2"));
        assertThat(first.status()).isEqualTo(422);
        assertThat(first.code()).isEqualTo("OTP_WRONG");
        assertThat(first.json().path("attemptsLeft").asInt()).isEqualTo(1);
        Api.Response second = api.post(path, k.b(), Map.of("submissionId", UUID.randomUUID().toString(), "otp", wrong), device("b-c2"));
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.code()).isEqualTo("OTP_ATTEMPTS_EXHAUSTED");
        String now = api.get("/api/v1/sessions/" + k.sessionId() + "/otp", k.teacher()).json().path("otp").asString();
        assertThat(api.post(path, k.b(), Map.of("submissionId", UUID.randomUUID().toString(), "otp", now), device("b-c2")).code())
                .isEqualTo("OTP_ATTEMPTS_EXHAUSTED");
        assertThat(api.post(path, k.c(), Map.of("submissionId", UUID.randomUUID().toString(), "otp", "12345"), device("c-c2")).status())
                .isEqualTo(400);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode live = api.get("/api/v1/sessions/" + k.sessionId() + "/live", k.teacher()).json();
            assertThat(student(live, k.roster().get("a")).path("method").asString()).isEqualTo("OTP");
            assertThat(student(live, k.roster().get("b")).path("status").asString()).isEqualTo("PENDING");
            // spotted by the system: the exhausted OTP is an alert on the teacher's screen
            assertThat(live.path("alerts").valueStream().filter(x -> x.path("type").asString().equals("OTP_ATTEMPTS_EXHAUSTED"))
                    .map(x -> x.path("students").get(0).asString()).toList()).containsExactly(k.roster().get("b"));
        });
    }

    /**
     * A code relayed and sent as "offline" after class is no longer taken at its word: the phone was heard from at the
     * time it claims to have had no network, it has no position, it came after the close — FLAGGED for the teacher (it
     * was PRESENT, replacing the automatic ABSENT); an honest scan kept on a phone without network in the room, with its
     * position, is PRESENT.
     */
    @Test
    void anOfflineRelayAfterCloseIsFlaggedWhileAnHonestOfflineScanInTheRoomIsPresent() {
        Class k = openClass("c9", "QR", Map.of("lat", 12.9716, "lon", 77.5946, "accuracyM", 20));
        Map<String, String> r = k.roster();
        String teacher = k.teacher();
        String a = k.a();
        String b = k.b();
        String sessionId = k.sessionId();
        String token = qr(k);
        Instant seen = Instant.now();
        // Asha's phone has no network in the room: it keeps the scan with its position and sends it when it can
        Map<String, Object> honest = Map.of("submissionId", UUID.randomUUID().toString(), "qrToken", token, "capturedAt",
                seen.toString(), "offline", true, "location", Map.of("lat", 12.97161, "lon", 77.59462, "accuracyM", 15));
        JsonNode kept = api.post("/api/v1/scans/batch", a, Map.of("items", List.of(honest)), device("a-c9")).json().path("results").get(0);
        assertThat(kept.path("httpStatus").asInt()).isEqualTo(202);
        assertThat(kept.path("provisional").asString()).isEqualTo("PRESENT");
        // Bilal, absent, has the app open at home when a friend sends him the code (his phone is online then) ...
        assertThat(api.get("/api/v1/me", b).status()).isEqualTo(200);
        // ... the teacher closes; just after, he sends the code as "offline", its capture time in the code's window.
        // (The rule looks at what was heard around the claimed time, leaving out the last 5 s before the sync, when a
        // phone whose network just came back is heard anyway: the scenario needs that much time to pass.)
        await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().isAfter(seen.plusSeconds(6)));
        assertThat(api.post("/api/v1/sessions/" + sessionId + "/close", teacher, null).status()).isEqualTo(200);
        Map<String, Object> relayed = Map.of("submissionId", UUID.randomUUID().toString(), "qrToken", token,
                "capturedAt", seen.toString(), "offline", true);
        JsonNode after = api.post("/api/v1/scans/batch", b, Map.of("items", List.of(relayed)), device("b-c9")).json().path("results").get(0);
        assertThat(after.path("provisional").asString()).isEqualTo("FLAGGED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode live = api.get("/api/v1/sessions/" + sessionId + "/live", teacher).json();
            assertThat(student(live, r.get("a")).path("status").asString()).isEqualTo("PRESENT");
            assertThat(student(live, r.get("b")).path("status").asString()).isEqualTo("FLAGGED");
            assertThat(student(live, r.get("b")).path("flags").toString())
                    .contains("ONLINE_AT_CAPTURE", "OFFLINE_AFTER_CLOSE", "OFFLINE_NO_LOCATION");
        });
    }

    @Test
    void offlineCapturesSyncInsideTheLimitAndAreRefusedAfterIt() {
        Class k = openClass("c3", "QR");
        String token = qr(k);
        Instant captured = Instant.now();
        UUID first = UUID.randomUUID();
        UUID tooEarly = UUID.randomUUID();
        Map<String, Object> item = Map.of("submissionId", first.toString(), "qrToken", token, "capturedAt", captured.toString(), "offline", true);
        Map<String, Object> outside = Map.of("submissionId", tooEarly.toString(), "qrToken", token,
                "capturedAt", captured.minusSeconds(600).toString(), "offline", true);
        Api.Response batch = api.post("/api/v1/scans/batch", k.a(), Map.of("items", List.of(item)), device("a-c3"));
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().path("results").get(0).path("httpStatus").asInt()).isEqualTo(202);
        assertThat(batch.json().path("results").get(0).path("sessionId").asString()).isEqualTo(k.sessionId());
        // the same item again: the same answer; a capture time outside the token's window: refused, in order
        Api.Response again = api.post("/api/v1/scans/batch", k.b(), Map.of("items", List.of(outside)), device("b-c3"));
        assertThat(again.json().path("results").get(0).path("code").asString()).isEqualTo("QR_EXPIRED");
        Api.Response replay = api.post("/api/v1/scans/batch", k.a(), Map.of("items", List.of(item)), device("a-c3"));
        assertThat(replay.json().path("results").get(0).path("httpStatus").asInt()).isEqualTo(202);
        assertThat(api.post("/api/v1/scans/batch", k.a(), Map.of("items", List.of(Map.of("submissionId", UUID.randomUUID().toString(),
                "qrToken", token, "capturedAt", captured.toString(), "offline", false))), device("a-c3")).status()).isEqualTo(400);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode s = student(api.get("/api/v1/sessions/" + k.sessionId() + "/live", k.teacher()).json(), k.roster().get("a"));
            assertThat(s.path("status").asString()).isEqualTo("PRESENT");
            assertThat(s.path("offline").asBoolean()).isTrue();
        });

        Instant closedAt = Instant.parse(api.post("/api/v1/sessions/" + k.sessionId() + "/close", k.teacher(), null).json()
                .path("closedAt").asString());
        Map<String, Object> late = Map.of("submissionId", UUID.randomUUID().toString(), "qrToken", token,
                "capturedAt", captured.toString(), "offline", true);
        // synced after the close but inside the limit: still counts (captured while open)
        Api.Response inside = api.post("/api/v1/scans/batch", k.c(), Map.of("items", List.of(late)), device("c-c3"));
        if (Instant.now().isBefore(closedAt.plus(TestStack.OFFLINE_LIMIT))) {
            assertThat(inside.json().path("results").get(0).path("httpStatus").asInt()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().isAfter(closedAt.plus(TestStack.OFFLINE_LIMIT)));
        Api.Response tooLate = api.post("/api/v1/scans/batch", k.b(), Map.of("items", List.of(Map.of("submissionId",
                UUID.randomUUID().toString(), "qrToken", token, "capturedAt", captured.toString(), "offline", true))), device("b-c3"));
        assertThat(tooLate.json().path("results").get(0).path("httpStatus").asInt()).isEqualTo(422);
        assertThat(tooLate.json().path("results").get(0).path("code").asString()).isEqualTo("OFFLINE_TOO_LATE");
    }

    @Test
    void aPhoneUsedByTwoStudentsInOneSessionIsFlagged() {
        Map<String, String> r = Fixtures.get().roster("c4");
        String teacher = api.login(r.get("teacher"));
        String a = api.login(r.get("a"));
        String b = api.login(r.get("b"));
        String chen = api.login(r.get("c"));
        // two accounts bound to one phone's app install; a third student's phone is another of the same model (one
        // fingerprint, its own install): that is two honest phones, not a shared one
        for (var e : Map.of(a, "inst-one-c4", b, "inst-one-c4", chen, "inst-c-c4").entrySet()) {
            assertThat(api.post("/api/v1/devices", e.getKey(), Map.of("deviceUuid", e.getValue(), "fingerprintHash", "fp-one-model-c4",
                    "platform", "ANDROID")).json().path("status").asString()).isEqualTo("ACTIVE");
        }
        String sessionId = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30))
                .json().path("sessionId").asString();
        String token = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();
        assertThat(api.post("/api/v1/scans", a, scan(UUID.randomUUID(), token),
                Map.of("X-Device-Id", "inst-one-c4", "X-Device-Fingerprint", "fp-one-model-c4")).json().path("provisional").asString())
                .isEqualTo("PRESENT");
        assertThat(api.post("/api/v1/scans", chen, scan(UUID.randomUUID(), token),
                Map.of("X-Device-Id", "inst-c-c4", "X-Device-Fingerprint", "fp-one-model-c4")).json().path("provisional").asString())
                .isEqualTo("PRESENT");
        assertThat(api.post("/api/v1/scans", b, scan(UUID.randomUUID(), token),
                Map.of("X-Device-Id", "inst-one-c4", "X-Device-Fingerprint", "fp-one-model-c4")).json().path("provisional").asString())
                .isEqualTo("FLAGGED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode live = api.get("/api/v1/sessions/" + sessionId + "/live", teacher).json();
            assertThat(student(live, r.get("b")).path("status").asString()).isEqualTo("FLAGGED");
            assertThat(student(live, r.get("b")).path("flags").valueStream().map(JsonNode::asString).toList()).contains("SHARED_DEVICE");
            assertThat(live.path("counts").path("flagged").asInt()).isEqualTo(1);
            assertThat(live.path("alerts").valueStream().filter(x -> x.path("type").asString().equals("FLAGGED"))
                    .map(x -> x.path("detail").asString()).toList()).singleElement().asString().contains("SHARED_DEVICE");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Connection c = TestStack.get().clickhouse();
                 PreparedStatement ps = c.prepareStatement("SELECT type, students[1] FROM alerts FINAL WHERE session_id = ?")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("FLAGGED");
                    assertThat(rs.getString(2)).isEqualTo(r.get("b"));
                }
            }
        });
    }

    @Test
    void tooManyCaptureRequestsAreRateLimited() {
        Class k = openClass("c5", "QR");
        int limit = 30;
        for (int i = 0; i < limit; i++) {
            assertThat(api.post("/api/v1/scans", k.c(), scan(UUID.randomUUID(), "v1.forged"), device("c-c5")).code()).isEqualTo("QR_INVALID");
        }
        Api.Response limited = api.post("/api/v1/scans", k.c(), scan(UUID.randomUUID(), qr(k)), device("c-c5"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("RATE_LIMITED");
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        // other students are not affected
        assertThat(api.post("/api/v1/scans", k.a(), scan(UUID.randomUUID(), qr(k)), device("a-c5")).status()).isEqualTo(202);
    }

    static Map<String, Object> scanFrom(String token, double lat, double lon, double accuracyM) {
        return Map.of("submissionId", UUID.randomUUID().toString(), "qrToken", token, "capturedAt", Instant.now().toString(),
                "offline", false, "location", Map.of("lat", lat, "lon", lon, "accuracyM", accuracyM));
    }

    static List<String> flags(JsonNode student) {
        return student.path("flags").valueStream().map(JsonNode::asString).toList();
    }

    /** docs/rules.md rule 7: the same code from the room and from 8 km away; then a typed code without a location. */
    @Test
    void aRelayFromFarAwayIsFlaggedBesideAnHonestScan() {
        Map<String, String> r = Fixtures.get().roster("c6");
        String teacher = api.login(r.get("teacher"));
        String a = api.login(r.get("a"));
        String b = api.login(r.get("b"));
        String c = api.login(r.get("c"));
        Fixtures.get().registerDevice(a, "a-c6");
        Fixtures.get().registerDevice(b, "b-c6");
        Fixtures.get().registerDevice(c, "c-c6");
        double lat = 12.9716;
        double lon = 77.5946;
        String sessionId = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30,
                "location", Map.of("lat", lat, "lon", lon, "accuracyM", 20))).json().path("sessionId").asString();
        String token = qr(sessionId, teacher);
        // Asha in the room, 15 m from the teacher's desk; Bilal at home with the photo his friend sent
        Api.Response honest = api.post("/api/v1/scans", a, scanFrom(token, lat + 15 / 111_195.0, lon, 12), device("a-c6"));
        Api.Response relay = api.post("/api/v1/scans", b, scanFrom(token, lat + 8_000 / 111_195.0, lon, 15), device("b-c6"));
        assertThat(honest.status()).isEqualTo(202);
        assertThat(honest.json().path("provisional").asString()).isEqualTo("PRESENT");
        assertThat(relay.status()).isEqualTo(202);
        assertThat(relay.json().path("provisional").asString()).isEqualTo("FLAGGED");
        // Chen types the code without sharing a location: weaker evidence, recorded and shown, not flagged on its own
        String otp = api.get("/api/v1/sessions/" + sessionId + "/otp", teacher).json().path("otp").asString();
        Api.Response typed = api.post("/api/v1/sessions/" + sessionId + "/otp-attempts", c,
                Map.of("submissionId", UUID.randomUUID().toString(), "otp", otp), device("c-c6"));
        assertThat(typed.json().path("provisional").asString()).isEqualTo("PRESENT");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode live = api.get("/api/v1/sessions/" + sessionId + "/live", teacher).json();
            assertThat(student(live, r.get("a")).path("status").asString()).isEqualTo("PRESENT");
            assertThat(flags(student(live, r.get("a")))).isEmpty();
            assertThat(student(live, r.get("b")).path("status").asString()).isEqualTo("FLAGGED");
            assertThat(flags(student(live, r.get("b")))).containsExactly("FAR_FROM_TEACHER");
            assertThat(flags(student(live, r.get("c")))).containsExactly("NO_LOCATION", "TYPED_CODE");
            assertThat(live.path("alerts").valueStream().filter(x -> x.path("type").asString().equals("FLAGGED"))
                    .map(x -> x.path("detail").asString()).toList()).containsExactly("risk 60: FAR_FROM_TEACHER");
        });
        // the teacher rejects Bilal; in the next class his flag counts, with no location it is enough to flag again
        assertThat(api.post("/api/v1/sessions/" + sessionId + "/marks", teacher,
                Map.of("studentEmail", r.get("b"), "status", "ABSENT", "reason", "rejected after review")).status()).isEqualTo(202);
        assertThat(api.post("/api/v1/sessions/" + sessionId + "/close", teacher, Map.of()).status()).isEqualTo(200);
        String next = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30,
                "location", Map.of("lat", lat, "lon", lon, "accuracyM", 20))).json().path("sessionId").asString();
        Api.Response again = api.post("/api/v1/sessions/" + next + "/otp-attempts", b, Map.of("submissionId", UUID.randomUUID().toString(),
                "otp", api.get("/api/v1/sessions/" + next + "/otp", teacher).json().path("otp").asString()), device("b-c6"));
        assertThat(again.json().path("provisional").asString()).isEqualTo("FLAGGED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(flags(student(
                api.get("/api/v1/sessions/" + next + "/live", teacher).json(), r.get("b"))))
                .containsExactly("NO_LOCATION", "TYPED_CODE", "FLAGGED_BEFORE"));
    }

    @Test
    void leavingTheAppWhileTypingTheCodeIsRecordedWithItsDurationAndNeverRefusesAlone() {
        Class k = openClass("c10", "OTP");
        String path = "/api/v1/sessions/" + k.sessionId() + "/otp-attempts";
        String otp = api.get("/api/v1/sessions/" + k.sessionId() + "/otp", k.teacher()).json().path("otp").asString();
        assertThat(api.post(path, k.c(), Map.of("submissionId", UUID.randomUUID().toString(), "otp", otp,
                "leftApp", Map.of("times", -1, "ms", 0)), device("c-c10")).status()).isEqualTo(400);
        // Asha switched to a chat twice for 14 s while the code was to be typed; Bilal pulled a notification down
        Api.Response asha = api.post(path, k.a(), Map.of("submissionId", UUID.randomUUID().toString(), "otp", otp,
                "leftApp", Map.of("times", 2, "ms", 14_000)), device("a-c10"));
        Api.Response bilal = api.post(path, k.b(), Map.of("submissionId", UUID.randomUUID().toString(), "otp", otp,
                "leftApp", Map.of("times", 1, "ms", 1_200)), device("b-c10"));
        assertThat(asha.json().path("provisional").asString()).isEqualTo("PRESENT");
        assertThat(bilal.json().path("provisional").asString()).isEqualTo("PRESENT");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode live = api.get("/api/v1/sessions/" + k.sessionId() + "/live", k.teacher()).json();
            assertThat(flags(student(live, k.roster().get("a")))).containsExactly("TYPED_CODE", "LEFT_APP:2:14");
            assertThat(flags(student(live, k.roster().get("b")))).containsExactly("TYPED_CODE");
        });
    }

    static String qr(String sessionId, String teacher) {
        return api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();
    }
}
