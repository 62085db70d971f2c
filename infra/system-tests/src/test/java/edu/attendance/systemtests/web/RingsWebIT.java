package edu.attendance.systemtests.web;

import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rings (docs/rules.md, "Rings"): a term of history in ClickHouse in which one student's phone marks a few seconds after
 * a friend's in every class (the friend carries it); the nightly pass lists the two for the department and no one else;
 * an admin asks for a spot check; in the class's next session the teacher sees it, says who raised a hand, and marks
 * the one who was not there absent with one more click; the ring is then CONFIRMED.
 */
class RingsWebIT extends BrowserTestBase {

    private static final int SESSIONS = 30;

    @Test
    void aFriendCarryingAnotherStudentsPhoneIsListedAndSpotChecked(@TempDir Path dir) throws Exception {
        Map<String, String> r = Fixtures.get().roster("rg");
        history(r);

        JsonNode pass = api.send("POST", "/api/v1/rings/run", admin).json();
        assertThat(pass.path("found").asInt()).as("the pass: " + pass).isGreaterThanOrEqualTo(1);
        String teacher = api.login(r.get("teacher"));
        JsonNode ring = ringOf(api.get("/api/v1/rings?classId=" + r.get("class"), teacher).json());
        assertThat(ring.path("members").valueStream().map(m -> m.path("email").asString()).toList())
                .containsExactly(r.get("a"), r.get("b"));
        assertThat(ring.path("members").get(0).path("name").asString()).isEqualTo("Asha");
        assertThat(ring.path("together").asInt()).isEqualTo(SESSIONS).isEqualTo(ring.path("sharedClasses").asInt());
        assertThat(ring.path("status").asString()).isEqualTo("LISTED");
        // the pass is idempotent: again, the same one ring
        api.send("POST", "/api/v1/rings/run", admin);
        assertThat(api.get("/api/v1/rings?classId=" + r.get("class"), teacher).json().size()).isEqualTo(1);
        // another class's teacher and students see nothing of it
        Map<String, String> other = Fixtures.get().roster("rg2");
        assertThat(api.get("/api/v1/rings?classId=" + r.get("class"), api.login(other.get("teacher"))).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/rings", api.login(r.get("a"))).status()).isEqualTo(403);

        // the department (here the admin) asks for a spot check from the Rings screen
        Browser office = browser(dir, "office", Browser.DESKTOP, null);
        office.signIn("admin@college.test");
        office.open("#/rings");
        office.awaitText(By.cssSelector("[data-test=ring-evidence]"), "within seconds of each other in " + SESSIONS + " of " + SESSIONS);
        check(office, "rings");
        shoot(office, "rings", Browser.PHONE);
        office.driver.findElements(By.cssSelector("[data-test=ring]")).stream()
                .filter(e -> e.getText().contains("Asha")).findFirst().orElseThrow()
                .findElement(By.cssSelector("[data-test=ring-check]")).click();
        office.awaitText(By.cssSelector("main"), "Spot check asked");

        // the class's next session: both are marked; the teacher is asked to see them raise a hand
        String sessionId = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30))
                .json().path("sessionId").asString();
        for (String s : List.of("a", "b")) {
            String token = api.login(r.get(s));
            Map<String, String> phone = Map.of("X-Device-Id", "rg-phone-" + s, "X-Device-Fingerprint", "fp-rg-phone-" + s);
            api.post("/api/v1/devices", token, Map.of("deviceUuid", "rg-phone-" + s, "fingerprintHash", "fp-rg-phone-" + s, "platform", "WEB"));
            String qr = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();
            assertThat(api.post("/api/v1/scans", token, Map.of("submissionId", UUID.randomUUID().toString(), "qrToken", qr,
                    "capturedAt", Instant.now().toString()), phone).status()).isEqualTo(202);
        }
        Browser room = browser(dir, "teacher", Browser.DESKTOP, null);
        room.signIn(r.get("teacher"));
        room.open("#/session/" + sessionId);
        room.awaitText(By.cssSelector("tr[data-email='" + r.get("b") + "'] [data-test=status]"), "Present");
        room.await(By.cssSelector("[data-test=spot-check] [data-test=in-room]"));
        List<org.openqa.selenium.WebElement> inRoom = room.driver.findElements(By.cssSelector("[data-test=spot-check] [data-test=in-room]"));
        List<org.openqa.selenium.WebElement> notHere = room.driver.findElements(By.cssSelector("[data-test=spot-check] [data-test=not-in-room]"));
        assertThat(inRoom).hasSize(2);
        check(room, "a spot check in the room");
        shoot(room, "teacher-spot-check", null);
        inRoom.get(0).click(); // Asha raised a hand
        notHere.get(1).click(); // Bilal's phone is here, Bilal is not
        room.driver.findElement(By.cssSelector("[data-test=spot-send]")).click();
        room.awaitText(By.cssSelector("[data-test=spot-done]"), "is marked but was not here");
        room.driver.findElement(By.cssSelector("[data-test=spot-done] button")).click();
        room.awaitText(By.cssSelector("tr[data-email='" + r.get("b") + "'] [data-test=status]"), "Absent");
        room.awaitText(By.cssSelector("tr[data-email='" + r.get("a") + "'] [data-test=status]"), "Present");

        JsonNode after = ringOf(api.get("/api/v1/rings?classId=" + r.get("class"), teacher).json());
        assertThat(after.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(after.path("lastCheck").path("answers").path(r.get("a")).asString()).isEqualTo("IN_ROOM");
        assertThat(after.path("lastCheck").path("answers").path(r.get("b")).asString()).isEqualTo("NOT_IN_ROOM");
        assertThat(after.path("lastCheck").path("answeredBy").asString()).isEqualTo(r.get("teacher"));
        // answered once: a second answer is refused
        String checkId = after.path("lastCheck").path("checkId").asString();
        assertThat(api.post("/api/v1/spot-checks/" + checkId + "/answer", teacher, Map.of("sessionId", sessionId,
                "answers", Map.of(r.get("a"), "IN_ROOM", r.get("b"), "IN_ROOM"))).json().path("code").asString()).isEqualTo("CONFLICT");
    }

    private static JsonNode ringOf(JsonNode rings) {
        assertThat(rings.size()).as("rings: " + rings).isEqualTo(1);
        return rings.get(0);
    }

    /**
     * Thirty classes of the past six weeks, 25 students each marking at random within a minute; Bilal's phone always
     * 2–6 s after Asha's (from another network); Chen and the others on their own.
     */
    private static void history(Map<String, String> r) throws Exception {
        SplittableRandom random = new SplittableRandom(29);
        List<String> students = new ArrayList<>(List.of(r.get("a"), r.get("c")));
        for (int i = 0; i < 22; i++) {
            students.add("x" + i + "rg@college.test");
        }
        LocalDate today = TestStack.today();
        try (Connection c = TestStack.get().clickhouse();
             PreparedStatement decision = c.prepareStatement("INSERT INTO decisions (session_id, student_email, subject_id, class_id, "
                     + "session_date, status, previous_status, method, at, decided_at, offline, submission_id, flags, version) "
                     + "VALUES (?, ?, ?, ?, ?, 'PRESENT', '', 'QR', ?, ?, false, ?, [], 1)");
             PreparedStatement submission = c.prepareStatement("INSERT INTO submissions (submission_id, session_id, student_email, "
                     + "method, outcome, captured_at, received_at, offline, device_id, client_address, risk_score, flags) "
                     + "VALUES (?, ?, ?, 'QR', 'ACCEPTED', ?, ?, ?, ?, ?, 0, [])")) {
            for (int k = 0; k < SESSIONS; k++) {
                LocalDate day = today.minusDays(45 - k);
                String session = "rg-history-" + k;
                Instant start = day.atTime(4, 0).toInstant(ZoneOffset.UTC);
                Instant asha = null;
                for (String s : students) {
                    Instant at = start.plusMillis(random.nextLong(60_000));
                    if (s.equals(r.get("a"))) {
                        asha = at;
                    }
                    add(decision, submission, session, s, day, at, at, r, "10.0.0." + (1 + random.nextInt(4)));
                }
                // Bilal's phone, in the friend's pocket: a few seconds after her; every third class sent as "offline" after
                // the close, dated when it scanned (the ring goes by that time, not the arrival)
                Instant made = asha.plusMillis(2_000 + random.nextLong(4_000));
                add(decision, submission, session, r.get("b"), day, made, k % 3 == 0 ? start.plus(Duration.ofMinutes(45)) : made, r,
                        "100.64.0." + (1 + random.nextInt(200)));
            }
            decision.executeBatch();
            submission.executeBatch();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection c = TestStack.get().clickhouse();
                 var rs = c.createStatement().executeQuery("SELECT count() FROM submissions WHERE session_id LIKE 'rg-history-%'")) {
                rs.next();
                return rs.getLong(1) == (long) SESSIONS * (students.size() + 1);
            }
        });
    }

    private static void add(PreparedStatement decision, PreparedStatement submission, String session, String student, LocalDate day,
                            Instant at, Instant received, Map<String, String> r, String address) throws Exception {
        String id = UUID.randomUUID().toString();
        decision.setString(1, session);
        decision.setString(2, student);
        decision.setString(3, r.get("subject"));
        decision.setString(4, r.get("class"));
        decision.setObject(5, day);
        decision.setTimestamp(6, Timestamp.from(at));
        decision.setTimestamp(7, Timestamp.from(at));
        decision.setString(8, id);
        decision.addBatch();
        submission.setString(1, id);
        submission.setString(2, session);
        submission.setString(3, student);
        submission.setTimestamp(4, Timestamp.from(at));
        submission.setTimestamp(5, Timestamp.from(received));
        submission.setBoolean(6, !received.equals(at));
        submission.setString(7, "device-" + student);
        submission.setString(8, address);
        submission.addBatch();
    }
}
