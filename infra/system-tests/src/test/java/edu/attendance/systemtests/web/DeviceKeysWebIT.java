package edu.attendance.systemtests.web;

import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The phone's key (docs/rules.md rule 6, "Proof of the phone"), in Chromium with its virtual authenticator (the CDP
 * {@code WebAuthn} domain behind WebDriver's virtual-authenticator commands) standing for the phone's fingerprint reader:
 * the app registers a passkey and signs every mark with it, a capture without a valid proof is refused, an unlock that
 * fails sends nothing, a second phone waits for the teacher, and a phone without passkeys signs with an install key.
 */
class DeviceKeysWebIT extends BrowserTestBase {

    private static final JdbcTemplate pg = TestStack.get().context().getBean(JdbcTemplate.class);

    /** A platform authenticator with a fingerprint reader that recognises its owner. */
    private static VirtualAuthenticator fingerprintReader(Browser b) {
        return ((HasVirtualAuthenticator) b.driver).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
    }

    @Test
    void aPasskeyBindsThePhoneAndSignsEveryMark(@TempDir Path dir) throws Exception {
        Map<String, String> r = Fixtures.get().roster("dk1");
        String teacher = api.login(r.get("teacher"));
        Browser asha = browser(dir, "asha", Browser.PHONE, null);
        asha.open("#/signin");
        VirtualAuthenticator reader = fingerprintReader(asha);
        asha.signIn(r.get("a"));

        Map<String, Object> device = await().atMost(Duration.ofSeconds(20)).until(() -> pg.queryForList(
                "SELECT status, key_kind, rp_id, device_uuid, fingerprint_hash FROM devices WHERE user_email = ?", r.get("a")),
                rows -> rows.size() == 1 && rows.getFirst().get("key_kind") != null).getFirst();
        assertThat(device).containsEntry("status", "ACTIVE").containsEntry("key_kind", "PASSKEY").containsEntry("rp_id", "localhost");
        assertThat(reader.getCredentials()).hasSize(1);

        String session = otpSession(r, teacher);
        typeCode(asha, session, teacher);
        asha.awaitText(By.cssSelector("[data-test=result]"), "Marked PRESENT (provisional)");
        check(asha, "a mark signed by the phone's passkey");

        // the same phone's headers without its key's proof, or with a proof the key did not make, mark nothing
        String ashaToken = api.login(r.get("a"));
        Map<String, String> headers = Map.of("X-Device-Id", (String) device.get("device_uuid"),
                "X-Device-Fingerprint", (String) device.get("fingerprint_hash"));
        String second = closeAndOpenAnother(r, teacher, session);
        String otp = api.get("/api/v1/sessions/" + second + "/otp", teacher).json().path("otp").asString();
        assertThat(api.post("/api/v1/sessions/" + second + "/otp-attempts", ashaToken,
                Map.of("submissionId", UUID.randomUUID().toString(), "otp", otp), headers).json().path("code").asString())
                .isEqualTo("DEVICE_PROOF_REQUIRED");
        assertThat(api.post("/api/v1/sessions/" + second + "/otp-attempts", ashaToken, Map.of("submissionId", UUID.randomUUID().toString(),
                "otp", otp, "proof", Map.of("kind", "PASSKEY", "credentialId", "AAAA", "clientDataJSON", "e30",
                        "authenticatorData", "AAAA", "signature", "AAAA")), headers).json().path("code").asString())
                .isEqualTo("DEVICE_PROOF_INVALID");

        // the reader no longer recognises the finger: nothing is sent, and the student is told why
        reader.setUserVerified(false);
        asha.open("#/");
        typeCode(asha, second, teacher);
        asha.awaitText(By.cssSelector("[data-test=otp-message]"), "confirm");
        assertThat(pg.queryForObject("SELECT count(*) FROM capture_claims WHERE session_id = ?::uuid AND student_email = ?",
                Long.class, second, r.get("a"))).isZero();
        shoot(asha, "student-unlock-failed", null);
        reader.setUserVerified(true);
        typeCode(asha, second, teacher);
        asha.awaitText(By.cssSelector("[data-test=result]"), "Marked PRESENT (provisional)");
    }

    @Test
    void aPhoneWithoutPasskeysSignsWithItsInstallKeyAndASecondPhoneWaitsForTheTeacher(@TempDir Path dir) throws Exception {
        Map<String, String> r = Fixtures.get().roster("dk2");
        String teacher = api.login(r.get("teacher"));
        // the first phone has no platform authenticator: the app makes a key of its own, one the browser never lets out
        Browser first = browser(dir, "first", Browser.PHONE, null);
        first.signIn(r.get("a"));
        await().atMost(Duration.ofSeconds(20)).until(() -> pg.queryForList("SELECT key_kind FROM devices WHERE user_email = ? AND status = 'ACTIVE'",
                String.class, r.get("a")), kinds -> kinds.equals(java.util.List.of("INSTALL_KEY")));
        String session = otpSession(r, teacher);
        typeCode(first, session, teacher);
        first.awaitText(By.cssSelector("[data-test=result]"), "Marked PRESENT (provisional)");

        // a second phone (a friend's, or the student's new one: the platform cannot tell) waits for the teacher
        Browser second = browser(dir, "second", Browser.PHONE, null);
        second.open("#/signin");
        fingerprintReader(second);
        second.signIn(r.get("a"));
        second.awaitText(By.cssSelector("[data-test=device]"), "approve");
        JsonNode pending = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/devices?status=PENDING", teacher).json(),
                list -> list.size() == 1);
        assertThat(pending.get(0).path("studentEmail").asString()).isEqualTo(r.get("a"));
        assertThat(pending.get(0).path("key").asString()).isEqualTo("PASSKEY");
        // both are this test's Chromium: one model and settings, which the teacher is told — and which decides nothing
        assertThat(pending.get(0).path("looksLikeActive").asBoolean()).isTrue();

        Browser teacherScreen = browser(dir, "teacher", Browser.DESKTOP, null);
        teacherScreen.signIn(r.get("teacher"));
        teacherScreen.open("#/devices");
        teacherScreen.awaitText(By.cssSelector("[data-test=device-key]"), "passkey");
        check(teacherScreen, "a phone waiting for approval");
        shoot(teacherScreen, "teacher-device-approval", Browser.PHONE);
        teacherScreen.driver.findElement(By.cssSelector("[data-test=pending-device] button.primary")).click();
        teacherScreen.awaitText(By.cssSelector("main"), "can mark attendance now");

        String next = closeAndOpenAnother(r, teacher, session);
        second.open("#/");
        typeCode(second, next, teacher);
        second.awaitText(By.cssSelector("[data-test=result]"), "Marked PRESENT (provisional)");
        assertThat(pg.queryForList("SELECT key_kind || ':' || status FROM devices WHERE user_email = ? ORDER BY requested_at",
                String.class, r.get("a"))).containsExactly("INSTALL_KEY:INACTIVE", "PASSKEY:ACTIVE");
    }

    private static String otpSession(Map<String, String> r, String teacher) {
        return api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30, "mode", "OTP"))
                .json().path("sessionId").asString();
    }

    private static String closeAndOpenAnother(Map<String, String> r, String teacher, String session) {
        assertThat(api.post("/api/v1/sessions/" + session + "/close", teacher, null).status()).isEqualTo(200);
        return otpSession(r, teacher);
    }

    /** The student types the code the projector shows now. */
    private static void typeCode(Browser b, String session, String teacher) {
        var field = b.await(By.cssSelector("[data-test=otp]"));
        field.click();
        String otp = api.get("/api/v1/sessions/" + session + "/otp", teacher).json().path("otp").asString();
        field.clear();
        field.sendKeys(otp);
        b.driver.findElement(By.cssSelector("form.otp button[type=submit]")).click();
    }
}
