package edu.attendance.systemtests.web;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static edu.attendance.systemtests.Fixtures.device;
import static edu.attendance.systemtests.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One sign-in per browser, not per tab: the teacher's live roster and the projector, two tabs of one browser, refresh
 * their tokens again and again (a 3 s access token, event streams that end every 4 s and reconnect) and both stay signed
 * in. Before, each tab kept its own copy of the refresh token: the second to refresh spent a spent token, reuse detection
 * revoked the login, and both tabs fell back to the sign-in page in the middle of the class.
 */
class SignedInTabsIT extends BrowserTestBase {

    @Test
    void theRosterAndTheProjectorStaySignedInAcrossManyTokenLifetimes(@TempDir Path dir) throws Exception {
        try (EmbeddedStack platform = TestStack.start(dir.resolve("platform"), Map.of(
                "attendance.auth.access-token-ttl", "3s", "attendance.http.stream-lifetime", "4s"))) {
            Fixtures f = Fixtures.on(platform);
            Map<String, String> r = f.roster("tabs");
            Browser teacher = new Browser(platform.baseUrl(), dir.resolve("teacher"), Browser.DESKTOP, null);
            browsers.add(teacher);
            teacher.signIn(r.get("teacher"));
            teacher.await(By.cssSelector("[data-test=period] summary")).click();
            teacher.await(By.cssSelector("[data-test=period] [data-test=start]")).click();
            teacher.waiting(Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("#/session/"));
            String sessionId = teacher.driver.getCurrentUrl().replaceAll(".*#/session/", "");
            teacher.await(By.cssSelector("[data-test=roster]"));
            String rosterTab = teacher.driver.getWindowHandle();
            teacher.driver.switchTo().newWindow(WindowType.TAB);
            teacher.open("#/project/" + sessionId);
            teacher.await(By.cssSelector("img[data-test=qr]"));
            String projectorTab = teacher.driver.getWindowHandle();

            // many lifetimes of the access token pass, both tabs reconnecting and refreshing all along
            JdbcTemplate pg = platform.context().getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> pg.queryForObject(
                    "SELECT count(*) FROM refresh_tokens WHERE email = ? AND used_at IS NOT NULL", Long.class, r.get("teacher")) >= 8);
            assertThat(pg.queryForObject("SELECT count(*) FROM refresh_tokens WHERE email = ? AND revoked", Long.class, r.get("teacher")))
                    .as("the teacher's login was never revoked").isZero();

            // still signed in and live: a student's scan reaches the roster tab and the projector's count
            String asha = f.api.login(r.get("a"));
            f.registerDevice(asha, "tabs-a");
            String qr = f.api.get("/api/v1/sessions/" + sessionId + "/qr", f.api.login(r.get("teacher"))).json().path("token").asString();
            assertThat(f.api.post("/api/v1/scans", asha, scan(UUID.randomUUID(), qr), device("tabs-a")).status()).isEqualTo(202);
            teacher.awaitText(By.cssSelector("[data-test=arrivals]"), "1");
            teacher.driver.switchTo().window(rosterTab);
            teacher.awaitText(By.cssSelector("tr[data-email='" + r.get("a") + "'] [data-test=status]"), "Present");
            assertThat(teacher.driver.getCurrentUrl()).contains("#/session/" + sessionId);
            teacher.driver.switchTo().window(projectorTab);
            assertThat(teacher.driver.getCurrentUrl()).contains("#/project/" + sessionId);
            assertThat(pg.queryForObject("SELECT count(*) FROM refresh_tokens WHERE email = ? AND revoked", Long.class, r.get("teacher")))
                    .isZero();
        }
    }
}
