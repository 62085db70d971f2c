package edu.attendance.systemtests.web;

import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faculty, admin and management in real browsers: the roster upload with its bad line, unblock and the audit
 * log; the dashboard drilled from the college to a student with the API's figures on each level; a report run
 * followed to its end and its PDF; a subscription; a teacher limited to own subjects; a student refused.
 */
class WebDashboardIT extends BrowserTestBase {

    /** A class with history: three sessions held and closed, Asha at every one, Bilal at one, the others never. */
    static Map<String, String> classWithHistory(String tag) {
        Map<String, String> r = api.classWithPeriodToday(admin, tag);
        String teacher = api.login(r.get("teacher"));
        String a = api.login(r.get("a"));
        String b = api.login(r.get("b"));
        api.post("/api/v1/devices", a, Map.of("deviceUuid", tag + "-a", "fingerprintHash", "fp-" + tag + "-a-print", "platform", "WEB"));
        api.post("/api/v1/devices", b, Map.of("deviceUuid", tag + "-b", "fingerprintHash", "fp-" + tag + "-b-print", "platform", "WEB"));
        for (int i = 0; i < 3; i++) {
            String s = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30)).json()
                    .path("sessionId").asString();
            String token = api.get("/api/v1/sessions/" + s + "/qr", teacher).json().path("token").asString();
            assertThat(api.post("/api/v1/scans", a, Fixtures.scan(UUID.randomUUID(), token),
                    Map.of("X-Device-Id", tag + "-a", "X-Device-Fingerprint", "fp-" + tag + "-a-print")).status()).isEqualTo(202);
            if (i == 0) {
                api.post("/api/v1/scans", b, Fixtures.scan(UUID.randomUUID(), token),
                        Map.of("X-Device-Id", tag + "-b", "X-Device-Fingerprint", "fp-" + tag + "-b-print"));
            }
            api.post("/api/v1/sessions/" + s + "/close", teacher, null);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                api.get("/api/v1/reports/student-summary?studentEmail=" + r.get("d"), admin).json().path(0).path("held").asInt())
                .isEqualTo(3));
        return r;
    }

    @Test
    void adminUploadsTheRosterUnblocksAStudentAndFindsItInTheAuditLog(@TempDir Path dir) throws Exception {
        Browser b = browser(dir, "admin", Browser.DESKTOP, null);
        b.signIn("admin@college.test");
        b.open("#/roster");
        b.await(By.cssSelector("[data-test=upload-departments]"));
        check(b, "roster");
        shoot(b, "admin-roster", Browser.PHONE);
        Path bad = dir.resolve("departments.csv");
        Files.writeString(bad, "department_id,name\nDwd1,Design\nnot an id!,Broken\n");
        b.driver.findElement(By.cssSelector("[data-test=file-departments]")).sendKeys(bad.toString());
        b.awaitText(By.cssSelector("[data-test=result-departments]"), "was not imported");
        WebElement line = b.await(By.cssSelector("[data-test=result-departments] [data-test=errors] tbody tr"));
        assertThat(line.findElement(By.cssSelector("th")).getText()).isEqualTo("3");
        assertThat(line.findElement(By.cssSelector("td")).getText()).isNotBlank();
        assertThat(api.get("/api/v1/admin/roster/departments", admin).text()).as("nothing imported").doesNotContain("Dwd1");
        check(b, "roster errors", "roster/departments - Failed to load resource: the server responded with a status of 422");
        shoot(b, "admin-roster-errors", null);
        Files.writeString(bad, "department_id,name\nDwd1,Design\n");
        b.driver.findElement(By.cssSelector("[data-test=file-departments]")).sendKeys(bad.toString());
        b.awaitText(By.cssSelector("[data-test=result-departments]"), "1 new, 0 changed");

        // a student blocked by an integrity failure, unblocked from Users, and the action in the audit log
        Map<String, String> r = api.classWithPeriodToday(admin, "wd1");
        String c = api.login(r.get("c"));
        api.post("/api/v1/devices", c, Map.of("deviceUuid", "wd1-c", "fingerprintHash", "fp-wd1-c-print", "platform", "ANDROID",
                "integrity", "FAIL"));
        b.open("#/users");
        b.awaitText(By.cssSelector("[data-test=blocked-user][data-email='" + r.get("c") + "']"), "integrity check failed");
        check(b, "users");
        shoot(b, "admin-users", Browser.PHONE);
        b.driver.findElement(By.cssSelector("[data-test=blocked-user][data-email='" + r.get("c") + "'] button.primary")).click();
        b.awaitText(By.cssSelector("main"), "can sign in and mark attendance again");
        b.driver.findElement(By.cssSelector("[data-test=audit-target]")).sendKeys(r.get("c"));
        b.driver.findElement(By.cssSelector("[data-test=audit-apply]")).click();
        b.awaitText(By.cssSelector("[data-test=audit]"), "user unblocked");
        assertThat(api.get("/api/v1/admin/users?blocked=true", admin).text()).doesNotContain(r.get("c"));
    }

    @Test
    void managementDrillsFromTheCollegeToAStudentRunsAReportAndSubscribes(@TempDir Path dir) throws Exception {
        Map<String, String> r = classWithHistory("wd2");
        String dean = "dean-wd2@college.test";
        api.post("/api/v1/admin/users", admin, Map.of("email", dean, "name", "Dean Rao", "role", "MANAGEMENT"));
        String token = api.login(dean);
        Browser b = browser(dir, "dean", Browser.DESKTOP, null);
        b.signIn(dean);
        b.await(By.cssSelector("[data-test=departments]"));
        String q = "?from=" + TestStack.today().minusDays(30) + "&to=" + TestStack.today() + "&g=day";
        b.open("#/dash" + q);
        WebElement department = b.await(By.xpath("//table[@data-test='departments']//tr[.//a[text()='Department wd2']]"));
        String deptRate = rate(api.get("/api/v1/reports/trends?scope=department&id=Dwd2&granularity=day&from="
                + TestStack.today().minusDays(30) + "&to=" + TestStack.today(), token).json());
        b.waiting(Duration.ofSeconds(20)).until(d -> department.findElement(By.cssSelector("[data-test=rate]")).getText().equals(deptRate));
        // the college's first screen: its line and each department's, the departments side by side, what fell
        b.await(By.cssSelector(".chart-box canvas"));
        check(b, "college");
        shoot(b, "dashboard-college", Browser.PHONE);
        department.findElement(By.cssSelector("th a")).click();
        b.await(By.cssSelector(".chart-box canvas"));
        b.awaitText(By.cssSelector("[data-test=scope-rate]"), deptRate + " attended");
        assertThat(deptRate).isEqualTo("33 %"); // 4 of 12 marks: Asha 3, Bilal 1, Chen and Divya none
        b.await(By.cssSelector("[data-test=risk-row]"));
        check(b, "department");
        shoot(b, "dashboard-department", Browser.PHONE);
        b.driver.findElement(By.cssSelector("[data-test=child] a")).click();
        b.awaitText(By.cssSelector("[data-test=scope-rate]"), "33 % attended");
        b.await(By.cssSelector("[data-test=students] tbody tr"));
        check(b, "class");
        b.driver.findElement(By.cssSelector("[data-test=child] a")).click();
        b.awaitText(By.cssSelector("[data-test=scope-rate]"), "33 % attended");
        shoot(b, "dashboard-subject", Browser.PHONE);
        b.driver.findElement(By.xpath("//table[@data-test='students']//a[text()='Bilal Khan']")).click();
        WebElement subjects = b.await(By.cssSelector("[data-test=student-subjects] tbody tr"));
        JsonNode bilal = api.get("/api/v1/reports/student-summary?studentEmail=" + r.get("b"), token).json().get(0);
        assertThat(subjects.getText()).contains(Math.round(bilal.path("rate").asDouble() * 100) + " %").contains("33 %");
        check(b, "student page");
        shoot(b, "dashboard-student", Browser.PHONE);

        // a report run followed to its end without a reload, and its PDF
        b.open("#/runs");
        b.await(By.cssSelector("[data-test=run-at-risk]")).click();
        b.waiting(Duration.ofSeconds(90)).until(d -> d.findElements(By.cssSelector("[data-test=run] [data-test=run-file]")).size() >= 2
                && d.findElement(By.cssSelector("[data-test=run] [data-test=percent]")).getText().equals("100 %"));
        check(b, "runs");
        shoot(b, "reports-runs", Browser.PHONE);
        b.driver.findElements(By.cssSelector("[data-test=run] [data-test=run-file]")).stream()
                .filter(e -> e.getText().endsWith(".pdf")).findFirst().orElseThrow().click();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(b::assertPdfDownloaded);
        // the weekly trends for one department
        new Select(b.driver.findElement(By.cssSelector("[data-test=sub-job]"))).selectByValue("trends");
        new Select(b.driver.findElement(By.cssSelector("[data-test=sub-dept]"))).selectByValue("Dwd2");
        b.driver.findElement(By.cssSelector("[data-test=subscribe]")).click();
        b.awaitText(By.cssSelector("[data-test=subscriptions]"), "Department wd2");
        JsonNode subs = api.get("/api/v1/me/report-subscriptions", token).json();
        assertThat(subs).anySatisfy(s -> {
            assertThat(s.path("job").asString()).isEqualTo("trends");
            assertThat(s.path("departmentId").asString()).isEqualTo("Dwd2");
        });
    }

    @Test
    void aTeacherSeesOwnSubjectsOnlyAndAStudentNoDashboard(@TempDir Path dir) throws Exception {
        Map<String, String> r = classWithHistory("wd3");
        api.classWithPeriodToday(admin, "wd4"); // another teacher's department, class and subject
        Browser teacher = browser(dir, "teacher", Browser.DESKTOP, null);
        teacher.signIn(r.get("teacher"));
        teacher.open("#/dash");
        teacher.await(By.cssSelector("[data-test=departments] tbody tr"));
        assertThat(teacher.driver.findElements(By.cssSelector("[data-test=departments] tbody tr"))).hasSize(1)
                .allSatisfy(li -> assertThat(li.getText()).contains("Department wd3"));
        teacher.open("#/dash/d/Dwd4");
        teacher.awaitText(By.cssSelector("main"), "could not be found");
        teacher.open("#/dash/c/Cwd3");
        teacher.await(By.cssSelector("[data-test=child]"));
        assertThat(teacher.driver.findElements(By.cssSelector("[data-test=child]"))).hasSize(1);
        check(teacher, "teacher dashboard");
        assertThat(api.get("/api/v1/reports/trends?scope=class&id=Cwd4", api.login(r.get("teacher"))).status()).isEqualTo(403);

        Browser student = browser(dir, "student", Browser.PHONE, null);
        student.signIn(r.get("a"));
        student.open("#/dash/d/Dwd3");
        student.waiting(Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().endsWith("#/now"));
        assertThat(api.get("/api/v1/reports/scopes", api.login(r.get("a"))).status()).isEqualTo(403);
    }

    private static String rate(JsonNode points) {
        long countable = 0;
        long attended = 0;
        for (JsonNode p : points) {
            countable += p.path("held").asLong() - p.path("excused").asLong();
            attended += p.path("attended").asLong();
        }
        return countable <= 0 ? "–" : Math.round(100.0 * attended / countable) + " %";
    }
}
