package edu.attendance.systemtests.web;

import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An online class in the browser: the teacher starts it as online from Today, the shared projector page shows a
 * check-in's code, a student types it on Now, the teacher uploads the meeting's Zoom report, reads the review and
 * marks the students it makes present.
 */
class OnlineWebIT extends BrowserTestBase {

    static final DateTimeFormatter ZOOM_TIME = DateTimeFormatter.ofPattern("MM/dd/yyyy hh:mm:ss a", Locale.US).withZone(TestStack.ZONE);

    @Test
    void anOnlineClassFromStartToTheMeetingsMarks(@TempDir Path dir) throws Exception {
        Map<String, String> r = Fixtures.get().roster("ow");
        Browser teacher = browser(dir, "teacher", Browser.DESKTOP, null);
        teacher.signIn(r.get("teacher"));
        teacher.await(By.cssSelector("[data-test=period] summary")).click();
        new Select(teacher.await(By.cssSelector("[data-test=period] [data-test=delivery]"))).selectByValue("ONLINE");
        teacher.driver.findElement(By.cssSelector("[data-test=period] [data-test=start]")).click();
        teacher.waiting(Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("#/session/"));
        String sessionId = teacher.driver.getCurrentUrl().replaceAll(".*#/session/", "");
        teacher.await(By.cssSelector("[data-test=online]"));
        Instant start = Instant.parse(api.get("/api/v1/sessions/" + sessionId, api.login(r.get("teacher"))).json().path("startedAt").asString());

        // the check-in, shown on the projector page the teacher shares in the meeting
        teacher.driver.findElement(By.cssSelector("[data-test=check-in-now]")).click();
        teacher.awaitText(By.cssSelector("[data-test=online-message]"), "The check-in is open for a minute");
        Browser projector = browser(dir, "projector", Browser.DESKTOP, null);
        projector.signIn(r.get("teacher"));
        projector.open("#/project/" + sessionId);
        String code = projector.await(By.cssSelector("[data-test=check-in-code]")).getText().strip();
        assertThat(code).matches("\\d{4}");
        check(projector, "projector with a check-in");
        shoot(projector, "online-projector-check-in", null);

        Browser asha = browser(dir, "asha", Browser.PHONE, null);
        asha.signIn(r.get("a"));
        asha.await(By.cssSelector("[data-test=check-in-input]")).sendKeys(code);
        asha.driver.findElement(By.cssSelector("[data-test=check-in-form] button[type=submit]")).click();
        asha.awaitText(By.cssSelector("[data-test=check-in-message]"), "Checked in");
        check(asha, "student check-in");
        shoot(asha, "online-student-check-in", null);

        // after the class: the meeting's Zoom report, Asha the whole hour, Bilal ten minutes
        Path report = dir.resolve("participants_81234567890.csv");
        Files.writeString(report, "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
                + "Asha," + r.get("a") + "," + ZOOM_TIME.format(start) + "," + ZOOM_TIME.format(start.plusSeconds(3600 * 8)) + ",480,No\n"
                + "Bilal," + r.get("b") + "," + ZOOM_TIME.format(start.plusSeconds(60)) + "," + ZOOM_TIME.format(start.plusSeconds(660)) + ",10,No\n",
                StandardCharsets.UTF_8);
        teacher.driver.findElement(By.cssSelector("[data-test=meeting-report]")).sendKeys(report.toString());
        teacher.awaitText(By.cssSelector("[data-test=online-message]"), "2 of the class found among 2 participants");
        teacher.awaitText(By.cssSelector("[data-test=online-review] tr[data-email='" + r.get("a") + "'] [data-test=proposed]"), "Present");
        teacher.awaitText(By.cssSelector("[data-test=online-review] tr[data-email='" + r.get("b") + "'] [data-test=proposed]"), "Absent");
        check(teacher, "online review");
        shoot(teacher, "online-review", Browser.PHONE);
        teacher.driver.findElement(By.cssSelector("[data-test=online-apply]")).click();
        teacher.awaitText(By.cssSelector("[data-test=online-message]"), "Marked 1 present and 0 late from the meeting");
        teacher.awaitText(By.cssSelector("tr[data-email='" + r.get("a") + "'] [data-test=status]"), "Present");
    }
}
