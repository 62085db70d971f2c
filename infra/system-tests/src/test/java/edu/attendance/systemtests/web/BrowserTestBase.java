package edu.attendance.systemtests.web;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.Dimension;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the real-browser tests share: the embedded stack and an admin's token, the browsers a test opens (closed
 * before JUnit deletes their profiles), the accessibility and console check, and the screenshots.
 */
public abstract class BrowserTestBase {

    public static Api api;
    public static String admin;
    public static final Path shots = Path.of(System.getProperty("attendance.screenshots", "target/screenshots"));
    public static final List<Browser> browsers = new ArrayList<>();

    @BeforeAll
    public static void start() {
        Assumptions.assumeTrue(Browser.available(), "Debian's chromium and chromium-driver are not installed");
        api = Fixtures.get().api;
        admin = Fixtures.get().admin();
    }

    /** Before JUnit deletes the test's directory, where the browsers keep their profiles. */
    @AfterEach
    public void closeBrowsers() {
        browsers.forEach(Browser::close);
        browsers.clear();
    }

    public static Browser browser(Path dir, String name, Dimension size, String userAgent) throws IOException {
        Browser b = new Browser(TestStack.get().baseUrl(), dir.resolve(name), size, userAgent);
        browsers.add(b);
        return b;
    }

    /** No console error and no serious or critical accessibility violation on the screen as it is now. */
    public static void check(Browser b, String screen, String... expectedRefusals) throws IOException {
        assertThat(b.accessibilityViolations()).as("axe on " + screen).isEmpty();
        // Chromium logs every 4xx answer as an error: only the refusals the test provokes on purpose are allowed
        assertThat(b.consoleErrors()).as("console errors on " + screen)
                .allMatch(e -> Arrays.stream(expectedRefusals).anyMatch(e::contains));
    }

    public static void shoot(Browser b, String name, Dimension other) throws IOException {
        b.screenshot(shots, name + (b.driver.manage().window().getSize().width < 600 ? "-phone" : "-desktop"));
        if (other != null) {
            Dimension was = b.driver.manage().window().getSize();
            b.driver.manage().window().setSize(other);
            b.screenshot(shots, name + (other.width < 600 ? "-phone" : "-desktop"));
            b.driver.manage().window().setSize(was);
        }
    }
}
