package edu.attendance.systemtests.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The term calendar in real browsers: a teacher cancels today's class with a reason its students read and nobody is
 * marked in it; then the class is held after all, handed to a colleague, and the colleague runs it from their Today.
 */
class CalendarWebIT extends BrowserTestBase {

    static By row(String email) {
        return By.cssSelector("tr[data-email='" + email + "'] [data-test=status]");
    }

    @Test
    void aTeacherCancelsAClassAndAColleagueRunsItAfterAll(@TempDir Path dir) throws Exception {
        Map<String, String> r = api.classWithPeriodToday(admin, "cw2");
        assertThat(api.csv("teachers", admin, "email,name,designation,department_id\nsubcw2@college.test,Dr Iyer,Lecturer,Dcw2\n").status())
                .isEqualTo(200);

        Browser teacher = browser(dir, "teacher", Browser.DESKTOP, null);
        teacher.signIn(r.get("teacher"));
        teacher.await(By.cssSelector("[data-test=period]"));
        teacher.driver.findElements(By.cssSelector("[data-test=period] summary")).stream()
                .filter(e -> e.getText().contains("Cancel")).findFirst().orElseThrow().click();
        teacher.await(By.cssSelector("[data-test=cancel-reason]")).sendKeys("Department seminar in the main hall");
        teacher.driver.findElement(By.cssSelector("[data-test=cancel-period]")).click();
        teacher.awaitText(By.cssSelector("[data-test=period] [data-test=cancelled]"), "Department seminar");
        check(teacher, "teacher today, cancelled");
        shoot(teacher, "teacher-today-cancelled", Browser.PHONE);

        // the class reads why; nobody is marked in a class that was not held
        Browser asha = browser(dir, "asha", Browser.PHONE, null);
        asha.signIn(r.get("a"));
        asha.awaitText(By.cssSelector("[data-test=my-class] [data-test=cancelled]"), "Department seminar in the main hall");
        check(asha, "student now, cancelled class");
        shoot(asha, "student-now-cancelled", null);
        assertThat(api.get("/api/v1/reports/student-history?studentEmail=" + r.get("a"), admin).json()).isEmpty();

        // held after all, by a colleague: the teacher hands today's class over
        teacher.driver.findElement(By.xpath("//button[contains(., 'Hold it after all')]")).click();
        teacher.waiting(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("[data-test=period] [data-test=cancelled]")).isEmpty());
        teacher.driver.findElements(By.cssSelector("details.card summary")).stream()
                .filter(e -> e.getText().contains("Hand a class")).findFirst().orElseThrow().click();
        teacher.await(By.cssSelector("[data-test=hand-to]")).sendKeys("subcw2@college.test");
        teacher.driver.findElement(By.cssSelector("[data-test=hand-over]")).click();
        teacher.awaitText(By.cssSelector("[data-test=handed]"), "Dr Iyer takes");
        check(teacher, "teacher today, handed over");
        shoot(teacher, "teacher-hand-over", null);

        Browser colleague = browser(dir, "colleague", Browser.DESKTOP, null);
        colleague.signIn("subcw2@college.test");
        colleague.awaitText(By.cssSelector("[data-test=period] [data-test=substituting]"), "Taking it for Dr Rao cw2");
        check(colleague, "substitute today");
        shoot(colleague, "substitute-today", Browser.PHONE);
        colleague.driver.findElements(By.cssSelector("[data-test=period] summary")).stream()
                .filter(e -> e.getText().contains("Start")).findFirst().orElseThrow().click();
        colleague.await(By.cssSelector("[data-test=period] [data-test=start]")).click();
        colleague.waiting(Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("#/session/"));
        colleague.await(By.cssSelector("[data-test=roster]"));
        colleague.driver.findElement(By.cssSelector("[data-test=close]")).click();
        colleague.driver.switchTo().alert().accept();
        colleague.awaitText(row(r.get("a")), "Absent");
        check(colleague, "substitute's record");
    }
}
