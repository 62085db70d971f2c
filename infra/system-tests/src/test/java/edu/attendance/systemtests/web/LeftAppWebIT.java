package edu.attendance.systemtests.web;

import edu.attendance.systemtests.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A student leaves the app for another tab while the code is to be typed, comes back and types it: the mark counts, and
 * the teacher's roster says, in words, that they left and for how long.
 */
class LeftAppWebIT extends BrowserTestBase {

    @Test
    void leavingTheAppWhileTypingTheCodeIsToldToTheTeacher(@TempDir Path dir) throws Exception {
        Map<String, String> r = Fixtures.get().roster("lw");
        String teacherToken = api.login(r.get("teacher"));
        String sessionId = api.post("/api/v1/sessions", teacherToken, Map.of("subjectId", r.get("subject"), "durationMinutes", 30,
                "mode", "OTP")).json().path("sessionId").asString();
        Browser teacher = browser(dir, "teacher", Browser.DESKTOP, null);
        teacher.signIn(r.get("teacher"));
        teacher.open("#/session/" + sessionId);
        teacher.await(By.cssSelector("[data-test=roster]"));

        Browser asha = browser(dir, "asha", Browser.PHONE, null);
        asha.signIn(r.get("a"));
        asha.await(By.cssSelector("[data-test=otp]")).click();
        String app = asha.driver.getWindowHandle();
        // to a chat in another tab until it has been open four seconds (the tab's own clock counts from its opening)
        asha.driver.switchTo().newWindow(WindowType.TAB);
        asha.driver.get("about:blank");
        asha.waiting(java.time.Duration.ofSeconds(15)).until(d -> ((Number) asha.script("return performance.now()")).doubleValue() >= 4_000);
        asha.driver.close();
        asha.driver.switchTo().window(app);
        String otp = api.get("/api/v1/sessions/" + sessionId + "/otp", teacherToken).json().path("otp").asString();
        asha.await(By.cssSelector("[data-test=otp]")).sendKeys(otp);
        asha.driver.findElement(By.cssSelector("form.otp button[type=submit]")).click();
        asha.awaitText(By.cssSelector("[data-test=result]"), "Marked PRESENT (provisional)");

        teacher.awaitText(By.cssSelector("tr[data-email='" + r.get("a") + "'] [data-test=status]"), "left the app once");
        String said = teacher.driver.findElement(By.cssSelector("tr[data-email='" + r.get("a") + "'] [data-test=status]")).getText();
        assertThat(said).containsPattern("left the app once \\(\\d+ s in all\\) while the code was on their screen");
        check(teacher, "roster with a student who left the app");
        shoot(teacher, "teacher-left-app", null);
    }
}
