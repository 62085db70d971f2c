package edu.attendance.systemtests.web;

import edu.attendance.systemtests.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Absence claims in real browsers: a student files a medical claim with a PDF for three days, the college office reads
 * the certificate and approves, every class she missed becomes Excused on the teacher's record (the one she attended
 * stays Present) and her rate rises; a classmate says "I was there", and his teacher decides with what the app recorded.
 */
class ClaimsWebIT extends BrowserTestBase {

    static final byte[] PDF = ("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            + "trailer << /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);

    static By row(String email) {
        return By.cssSelector("tr[data-email='" + email + "'] [data-test=status]");
    }

    static By card(String text) {
        return By.xpath("//li[@data-test='claim-to-decide'][contains(., '" + text + "')]");
    }

    static void setDate(Browser b, String testId, LocalDate date) {
        b.script("const e = document.querySelector(`[data-test=${arguments[0]}]`); e.value = arguments[1];"
                + "e.dispatchEvent(new Event('input', { bubbles: true }));", testId, date.toString());
    }

    @Test
    void aMedicalClaimWithAPdfApprovedByTheOfficeAndAnIWasThereDecidedByTheTeacher(@TempDir Path dir) throws Exception {
        Map<String, String> r = api.classWithPeriodToday(admin, "cw1");
        String teacherToken = api.login(r.get("teacher"));
        // four classes today: Asha was marked present in the first by her teacher and missed the other three
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Api.Response opened = api.post("/api/v1/sessions", teacherToken, Map.of("subjectId", r.get("subject"), "durationMinutes", 30));
            sessions.add(opened.json().path("sessionId").asString());
        }
        assertThat(api.post("/api/v1/sessions/" + sessions.getFirst() + "/marks", teacherToken,
                Map.of("studentEmail", r.get("a"), "status", "PRESENT", "reason", "came without her phone")).status()).isEqualTo(202);
        for (String s : sessions) {
            assertThat(api.post("/api/v1/sessions/" + s + "/close", teacherToken, null).status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/reports/student-history?studentEmail=" + r.get("a"), admin)
                .json().size() == 4);
        LocalDate today = LocalDate.parse(api.get("/api/v1/sessions/" + sessions.getFirst(), teacherToken).json().path("date").asString());

        // Asha: 1 of 4 attended; she claims the last three days with the clinic's certificate
        Browser asha = browser(dir, "asha", Browser.PHONE, null);
        asha.signIn(r.get("a"));
        asha.open("#/history");
        asha.awaitText(By.cssSelector(".rates .card"), "1 of 4 classes attended");
        asha.await(By.cssSelector("[data-test=claim-link]"));
        asha.open("#/claims");
        asha.await(By.cssSelector("[data-test=claim-form]"));
        check(asha, "student claims");
        shoot(asha, "student-claim-new", Browser.DESKTOP);
        asha.driver.findElement(By.cssSelector("[data-test=kind-MEDICAL]")).click();
        setDate(asha, "claim-from", today.minusDays(2));
        setDate(asha, "claim-to", today);
        asha.driver.findElement(By.cssSelector("[data-test=claim-comment]")).sendKeys("Fever; the college clinic's certificate is attached.");
        Path certificate = Files.write(dir.resolve("clinic-certificate.pdf"), PDF);
        asha.driver.findElement(By.cssSelector("[data-test=claim-files]")).sendKeys(certificate.toString());
        asha.driver.findElement(By.cssSelector("[data-test=claim-send]")).click();
        asha.awaitText(By.cssSelector("[data-test=claim-message]"), "Sent to the college office");
        asha.awaitText(By.cssSelector("[data-test=my-claim] [data-test=claim-status]"), "Waiting for a decision");
        check(asha, "student claims, filed");
        shoot(asha, "student-claims", Browser.DESKTOP);
        // she waits on Now, where the decision arrives by itself
        asha.open("#/now");
        asha.await(By.cssSelector("[data-test=scan]"));

        // the office: the claim waits on Today, the certificate downloads as sent, and approving excuses the classes
        Browser office = browser(dir, "office", Browser.DESKTOP, null);
        office.signIn("admin@college.test");
        office.await(By.cssSelector("[data-test=claims-waiting]"));
        office.open("#/review");
        WebElement claim = office.await(card(r.get("class")));
        assertThat(claim.getText()).contains("Medical").contains("Fever").contains("clinic-certificate.pdf");
        check(office, "office claims");
        shoot(office, "office-claims", Browser.PHONE);
        claim.findElement(By.cssSelector("[data-test=claim-document]")).click();
        Path downloaded = office.downloads.resolve("clinic-certificate.pdf");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(downloaded) && Files.size(downloaded) == PDF.length);
        assertThat(Files.readAllBytes(downloaded)).isEqualTo(PDF);
        claim.findElement(By.cssSelector("[data-test=claim-decision-note]")).sendKeys("Certificate checked");
        claim.findElement(By.cssSelector("[data-test=claim-approve]")).click();
        office.awaitText(By.cssSelector("[data-test=claim-decided]"), "approved");

        asha.awaitText(By.cssSelector("[data-test=claim-decided]"), "Your medical claim was approved");
        shoot(asha, "student-claim-decided", null);

        // the teacher's record of each class: Excused where she was away, Present where she came
        Browser teacher = browser(dir, "teacher", Browser.DESKTOP, null);
        teacher.signIn(r.get("teacher"));
        for (String s : sessions) {
            teacher.open("#/session/" + s);
            teacher.awaitText(row(r.get("a")), s.equals(sessions.getFirst()) ? "Present" : "Excused");
        }
        // her rate: 1 attended of the 1 class not excused
        asha.open("#/history");
        asha.awaitText(By.cssSelector(".rates .card"), "1 of 1 class attended · 3 excused");
        asha.open("#/claims");
        asha.awaitText(By.cssSelector("[data-test=my-claim] [data-test=claim-status]"), "Approved");
        asha.awaitText(By.cssSelector("[data-test=my-claim] [data-test=claim-note]"), "Certificate checked");
        shoot(asha, "student-claim-approved", null);

        // Bilal says he was in the second class: from his history, to his teacher
        Browser bilal = browser(dir, "bilal", Browser.PHONE, null);
        bilal.signIn(r.get("b"));
        bilal.open("#/history");
        bilal.await(By.cssSelector("[data-test=claim-link]")).click();
        bilal.waiting(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("#/claims?session="));
        String claimed = bilal.driver.getCurrentUrl().replaceAll(".*session=", "");
        bilal.await(By.cssSelector("[data-test=claim-session]"));
        bilal.driver.findElement(By.cssSelector("[data-test=claim-comment]")).sendKeys("My camera would not open; I sat in the front row.");
        bilal.driver.findElement(By.cssSelector("[data-test=claim-send]")).click();
        bilal.awaitText(By.cssSelector("[data-test=claim-message]"), "Sent to your teacher");

        teacher.open("#/today");
        teacher.await(By.cssSelector("[data-test=claims-waiting]"));
        teacher.open("#/review");
        WebElement wasThere = teacher.await(card(r.get("class")));
        teacher.awaitText(By.cssSelector("[data-test=claim-evidence]"), "No scan or code from this student reached the server");
        assertThat(wasThere.getText()).contains("I was there").contains("front row");
        check(teacher, "teacher claims");
        shoot(teacher, "teacher-claim-evidence", Browser.PHONE);
        wasThere.findElement(By.cssSelector("[data-test=claim-approve]")).click();
        teacher.awaitText(By.cssSelector("[data-test=claim-decided]"), "approved");
        teacher.open("#/session/" + claimed);
        teacher.awaitText(row(r.get("b")), "Present");
        JsonNode audit = api.get("/api/v1/admin/audit?target=claim:", admin).json();
        assertThat(audit.toString()).contains("CLAIM_APPROVED");
    }
}
