package edu.attendance.systemtests.web;

import edu.attendance.systemtests.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The class in real browsers (headless Chromium), against the embedded stack: a teacher starts a
 * session and projects it; students' phones scan the code their fake camera shows (the pixels of the
 * teacher's projector), type the OTP, scan offline and sync; a second phone waits for approval; the
 * teacher closes and downloads the register. Every screen is checked for console errors and with
 * axe-core, and photographed at phone and desktop sizes.
 */
class WebAppIT extends BrowserTestBase {

    static Map<String, String> roster(String tag) {
        return api.classWithPeriodToday(admin, tag);
    }

    static By row(String email) {
        return By.cssSelector("tr[data-email='" + email + "'] [data-test=status]");
    }

    /** The code the projector shows now, as the pixels on the teacher's screen. */
    /**
     * The code on the projector just after it rotated: the fake camera shows a still picture of it, so the test
     * takes one at the start of its validity (a phone at the projector would simply read the next code).
     */
    static byte[] projectedCode(Browser projector) {
        String shown = projector.await(By.cssSelector("img[data-test=qr]")).getAttribute("src");
        await().atMost(Duration.ofSeconds(70)).until(() -> !shown.equals(
                projector.await(By.cssSelector("img[data-test=qr]")).getAttribute("src")));
        return projector.screenshot(projector.await(By.cssSelector("img[data-test=qr]")));
    }

    static void awaitDecoderLoaded(Browser b) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(b.script(
                "return performance.getEntriesByType('resource').some(e => e.name.endsWith('.wasm'))")));
    }

    @Test
    void aClassFromStartToRegister(@TempDir Path dir) throws Exception {
        Map<String, String> r = roster("wa1");
        Browser teacher = browser(dir, "teacher", Browser.DESKTOP, null);
        // each student's own phone (another phone model: another fingerprint, as in a real class)
        Browser asha = browser(dir, "asha", Browser.PHONE, phone("Pixel 8"));
        Browser bilal = browser(dir, "bilal", Browser.PHONE, phone("SM-A546E"));
        Browser chen = browser(dir, "chen", Browser.PHONE, phone("moto g84"));

        teacher.open("#/signin");
        teacher.await(By.id("email"));
        check(teacher, "sign-in");
        shoot(teacher, "signin", Browser.PHONE);

        // the teacher starts the period from today's timetable
        teacher.signIn(r.get("teacher"));
        teacher.await(By.cssSelector("[data-test=period]"));
        check(teacher, "teacher today");
        shoot(teacher, "teacher-today", Browser.PHONE);
        teacher.driver.findElement(By.cssSelector("[data-test=period] summary")).click();
        teacher.await(By.cssSelector("[data-test=period] [data-test=start]")).click();
        teacher.waiting(Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("#/session/"));
        String sessionId = teacher.driver.getCurrentUrl().replaceAll(".*#/session/", "");
        teacher.await(By.cssSelector("[data-test=roster]"));

        // the projector, in a window of its own
        Browser projector = browser(dir, "projector", Browser.DESKTOP, null);
        projector.signIn(r.get("teacher"));
        projector.open("#/project/" + sessionId);
        projector.await(By.cssSelector("img[data-test=qr]"));
        projector.await(By.cssSelector("[data-test=otp-digits]"));
        check(projector, "projector");
        shoot(projector, "projector", null);

        // Asha scans the code the projector shows with her phone's camera
        asha.signIn(r.get("a"));
        asha.await(By.cssSelector("[data-test=open-session]"));
        assertThat(asha.driver.findElements(By.cssSelector("[data-test=device]"))).as("first phone is ACTIVE").isEmpty();
        check(asha, "student now");
        shoot(asha, "student-now", Browser.DESKTOP);
        awaitDecoderLoaded(asha);
        asha.showToCamera(projectedCode(projector));
        // the teacher's page notes when Asha's row turns Present (for the figures below)
        teacher.script("""
                const email = arguments[0];
                new MutationObserver((m, o) => {
                  const cell = document.querySelector(`tr[data-email='${email}'] [data-test=status]`);
                  if (cell && cell.textContent.includes('Present')) { window.presentAt = Date.now(); o.disconnect(); }
                }).observe(document.body, { subtree: true, childList: true, characterData: true });""", r.get("a"));
        asha.driver.findElement(By.cssSelector("[data-test=scan]")).click();
        asha.awaitText(By.cssSelector("[data-test=result]"), "Marked PRESENT (provisional)");
        teacher.awaitText(row(r.get("a")), "Present");
        // figures for docs/web-app.md, measured in the browsers (same machine clock); not asserted
        String mark = "return performance.timeOrigin + performance.getEntriesByName(arguments[0])[0].startTime";
        double cameraReady = ((Number) asha.script(mark, "camera-ready")).doubleValue();
        double decoded = ((Number) asha.script(mark, "qr-decoded")).doubleValue();
        double accepted = ((Number) asha.script(mark, "scan-accepted")).doubleValue();
        double onRoster = ((Number) teacher.script("return window.presentAt")).doubleValue();
        System.out.printf("[web figures] code in view -> decoded %.0f ms, -> accepted %.0f ms; accepted -> teacher's roster %.0f ms%n",
                decoded - cameraReady, accepted - cameraReady, onRoster - accepted);
        asha.awaitText(By.cssSelector("[data-test=result]"), "Decision:");
        check(asha, "student marked");
        shoot(asha, "student-marked", null);

        // Bilal types a wrong code, is told he has one more try, then types the one on the projector
        bilal.signIn(r.get("b"));
        bilal.await(By.cssSelector("[data-test=otp]"));
        String otp = projector.await(By.cssSelector("[data-test=otp-digits]")).getText().strip();
        String wrong = String.format("%04d", (Integer.parseInt(otp) + 5000) % 10000);
        bilal.driver.findElement(By.cssSelector("[data-test=otp]")).sendKeys(wrong);
        bilal.driver.findElement(By.cssSelector("form.otp button[type=submit]")).click();
        bilal.awaitText(By.cssSelector("[data-test=otp-message]"), "You have 1 more try.");
        check(bilal, "student wrong code", "otp-attempts - Failed to load resource: the server responded with a status of 422");
        shoot(bilal, "student-wrong-code", null);
        WebElement field = bilal.driver.findElement(By.cssSelector("[data-test=otp]"));
        field.clear();
        field.sendKeys(projector.await(By.cssSelector("[data-test=otp-digits]")).getText().strip());
        bilal.driver.findElement(By.cssSelector("form.otp button[type=submit]")).click();
        bilal.awaitText(By.cssSelector("[data-test=result]"), "Marked PRESENT (provisional)");
        teacher.awaitText(row(r.get("b")), "Present");

        // Chen's phone loses the network, scans, keeps the scan; the network returns and it syncs as offline
        chen.signIn(r.get("c"));
        chen.await(By.cssSelector("[data-test=open-session]"));
        awaitDecoderLoaded(chen);
        chen.driver.setNetworkConditions(offline(true));
        chen.await(By.cssSelector("[data-test=offline]"));
        chen.showToCamera(projectedCode(projector));
        chen.driver.findElement(By.cssSelector("[data-test=scan]")).click();
        chen.await(By.cssSelector("[data-test=queued-item]"));
        chen.awaitText(By.cssSelector("[data-test=result]"), "Saved on this phone");
        shoot(chen, "student-offline-queue", null);
        chen.driver.setNetworkConditions(offline(false));
        chen.awaitText(By.cssSelector("[data-test=synced-item]"), "Sent — counted as offline");
        assertThat(chen.driver.findElements(By.cssSelector("[data-test=queued-item]"))).isEmpty();
        teacher.awaitText(row(r.get("c")), "Present");
        teacher.await(By.cssSelector("tr[data-email='" + r.get("c") + "'] [data-test=offline]"));
        check(teacher, "live roster");
        shoot(teacher, "teacher-live-roster", Browser.PHONE);

        // the teacher closes: whoever is left is absent; the month's register downloads as PDF
        teacher.driver.findElement(By.cssSelector("[data-test=close]")).click();
        teacher.driver.switchTo().alert().accept();
        teacher.awaitText(By.cssSelector("[data-test=count-absent]"), "1");
        teacher.awaitText(row(r.get("d")), "Absent");
        shoot(teacher, "teacher-closed", null);
        projector.awaitText(By.cssSelector(".qr-pane"), "Attendance is closed.");

        teacher.open("#/register");
        teacher.await(By.cssSelector("[data-test=register-pdf]"));
        check(teacher, "register");
        shoot(teacher, "teacher-register", Browser.PHONE);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            teacher.driver.findElement(By.cssSelector("[data-test=register-pdf]")).click();
            teacher.awaitText(By.cssSelector("[data-test=register-message]"), "Downloaded");
            teacher.assertPdfDownloaded();
        });

        asha.open("#/history");
        asha.await(By.id("rates-h"));
        check(asha, "student history");
        shoot(asha, "student-history", Browser.DESKTOP);
        // everything held about her, in one file: the account, the phones and every mark
        asha.driver.findElement(By.cssSelector("[data-test=my-data]")).click();
        asha.awaitText(By.cssSelector("[data-test=my-data-message]"), "Downloaded");
        Path mine = await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (var files = Files.list(asha.downloads)) {
                return files.filter(f -> f.getFileName().toString().startsWith("my-attendance-data-") && f.toString().endsWith(".json"))
                        .findFirst().orElse(null);
            }
        }, Objects::nonNull);
        JsonNode data = Api.JSON.readTree(Files.readString(mine));
        assertThat(data.path("account").path("email").asString()).isEqualTo(r.get("a"));
        assertThat(data.path("attendance").isArray()).isTrue();
        assertThat(data.path("attendance").size()).as("her marks of this test").isPositive();
    }

    @Test
    void aSecondPhoneWaitsForTheTeachersApproval(@TempDir Path dir) throws Exception {
        Map<String, String> r = roster("wa2");
        Browser first = browser(dir, "first", Browser.PHONE, phone("Pixel 8"));
        first.signIn(r.get("a"));
        first.await(By.id("open-h"));
        assertThat(first.driver.findElements(By.cssSelector("[data-test=device]"))).isEmpty();

        // another phone: another browser, another app id, other properties
        Browser second = browser(dir, "second", Browser.PHONE, phone("Redmi Note 13"));
        second.signIn(r.get("a"));
        second.awaitText(By.cssSelector("[data-test=device]"), "waiting for approval");
        check(second, "device pending");
        shoot(second, "student-device-pending", null);

        Browser teacher = browser(dir, "teacher", Browser.DESKTOP, null);
        teacher.signIn(r.get("teacher"));
        teacher.open("#/devices");
        teacher.awaitText(By.cssSelector("[data-test=pending-device]"), r.get("a"));
        check(teacher, "device approvals");
        shoot(teacher, "teacher-devices", Browser.PHONE);
        teacher.driver.findElement(By.cssSelector("[data-test=pending-device] button.primary")).click();
        teacher.awaitText(By.cssSelector("main"), "this phone can mark attendance now");

        second.driver.navigate().refresh();
        second.await(By.id("open-h"));
        await().atMost(Duration.ofSeconds(10)).until(() -> second.driver.findElements(By.cssSelector("[data-test=device]")).isEmpty());
    }

    static String phone(String model) {
        return "Mozilla/5.0 (Linux; Android 15; " + model + ") AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36";
    }

    private static ChromiumNetworkConditions offline(boolean off) {
        ChromiumNetworkConditions c = new ChromiumNetworkConditions();
        c.setOffline(off);
        return c;
    }
}
