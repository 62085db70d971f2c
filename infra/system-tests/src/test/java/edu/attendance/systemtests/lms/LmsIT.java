package edu.attendance.systemtests.lms;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.FormData;
import edu.attendance.systemtests.TestStack;
import edu.attendance.systemtests.web.Browser;
import edu.attendance.systemtests.web.BrowserTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tool inside an LMS (docs/lms.md), against {@link LtiTestPlatform} over real HTTP: an admin registers the LMS; a
 * teacher opens the tool from the course page (the tool in the LMS's iframe, a real LTI 1.3 login and launch), links the
 * course to the subject, brings the course's roster in (Names and Role Provisioning, paged), starts the period; a
 * student launched from the same course marks with the code; the close sends every student's rate to the course's
 * Attendance column (Assignment and Grade Services), tried again when the LMS fails once. Every bad launch is refused
 * with its reason.
 */
class LmsIT extends BrowserTestBase {

    static final String COURSE = "LMS-101";
    static LtiTestPlatform lms;
    static Map<String, String> r;
    static String platformId;

    @BeforeAll
    static void register() throws Exception {
        r = Fixtures.get().roster("lt");
        lms = new LtiTestPlatform();
        lms.tool(TestStack.get().baseUrl());
        Api.Response created = Fixtures.get().api.post("/api/v1/admin/lti/platforms", Fixtures.get().admin(), Map.of(
                "name", "Test LMS", "issuer", lms.issuer(), "clientId", lms.clientId, "deploymentIds", List.of(lms.deploymentId),
                "authLoginUrl", lms.authUrl(), "tokenUrl", lms.tokenUrl(), "jwksUrl", lms.jwksUrl()));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        platformId = created.json().path("id").asString();
        lms.add(new LtiTestPlatform.User("u-teacher", r.get("teacher"), "Teacher", LtiTestPlatform.INSTRUCTOR, "Active"), COURSE);
        lms.add(new LtiTestPlatform.User("u-asha", r.get("a"), "Asha", LtiTestPlatform.LEARNER, "Active"), COURSE);
        lms.add(new LtiTestPlatform.User("u-bilal", r.get("b"), "Bilal", LtiTestPlatform.LEARNER, "Active"), COURSE);
        // Chen is in the class but has left the LMS course; Dev is new to the college's roster; one learner's e-mail is
        // hidden by the LMS; Zed is a student of another class
        lms.add(new LtiTestPlatform.User("u-chen", r.get("c"), "Chen", LtiTestPlatform.LEARNER, "Inactive"), COURSE);
        lms.add(new LtiTestPlatform.User("u-dev", "devlt@college.test", "Dev", LtiTestPlatform.LEARNER, "Active"), COURSE);
        lms.add(new LtiTestPlatform.User("u-hidden", null, "Hidden", LtiTestPlatform.LEARNER, "Active"), COURSE);
        lms.add(new LtiTestPlatform.User("u-zed", r.get("outsider"), "Zed", LtiTestPlatform.LEARNER, "Active"), COURSE);
    }

    @AfterAll
    static void stop() {
        if (lms != null) {
            lms.close();
        }
    }

    @Test
    void aTeacherRunsTheClassInsideTheLmsAndEachStudentsRateArrivesAsTheCoursesAttendanceGrade(@TempDir Path dir) throws Exception {
        // the web app may be framed by the registered LMS only (the policy follows the registrations within seconds)
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<Void> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(TestStack.get().baseUrl() + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).containsPattern("; frame-ancestors [^;]*"
                    + java.util.regex.Pattern.quote(lms.issuer()) + "( |$)").doesNotContain("frame-ancestors 'none'");
            assertThat(page.headers().firstValue("X-Frame-Options")).isEmpty();
        });

        Browser teacher = browser(dir, "teacher", Browser.DESKTOP, null);
        teacher.driver.get(lms.coursePage(COURSE, "u-teacher"));
        teacher.driver.switchTo().frame("tool");
        // the course is not a subject yet: the launch opens the LMS screen, where the teacher says which subject it is
        new Select(teacher.await(By.cssSelector("[data-test=lms-link]"))).selectByValue(r.get("subject"));
        teacher.awaitText(By.cssSelector("[data-test=lms-subject]"), r.get("subject"));
        teacher.await(By.cssSelector("[data-test=lms-sync]")).click();
        teacher.awaitText(By.cssSelector("[data-test=lms-message]"), "1 added · 2 already on the roster · 1 in another class (not moved) · 1 without an e-mail.");
        teacher.awaitText(By.cssSelector("[data-test=lms-message]"), "Not in the LMS course: " + r.get("c"));
        check(teacher, "lms screen in the LMS frame");
        teacher.driver.switchTo().defaultContent();
        shoot(teacher, "lms-course-page", null);
        teacher.driver.switchTo().frame("tool");

        // the period, started inside the LMS
        teacher.driver.findElement(By.cssSelector("header nav a[href='#/today']")).click();
        teacher.await(By.cssSelector("[data-test=period] summary")).click();
        teacher.await(By.cssSelector("[data-test=period] [data-test=start]")).click();
        teacher.waiting(Duration.ofSeconds(20)).until(d -> String.valueOf(teacher.script("return location.hash")).startsWith("#/session/"));
        String sessionId = String.valueOf(teacher.script("return location.hash")).replaceAll(".*#/session/", "");
        teacher.await(By.cssSelector("[data-test=roster]"));
        assertThat(teacher.driver.findElements(By.cssSelector("tr[data-email='devlt@college.test']"))).as("the synced student is on the roster").hasSize(1);

        // Asha opens the same course's attendance link on her phone and types the code
        Browser asha = browser(dir, "asha", Browser.PHONE, null);
        asha.driver.get(lms.coursePage(COURSE, "u-asha"));
        asha.driver.switchTo().frame("tool");
        asha.await(By.cssSelector("[data-test=open-session]"));
        String otp = Fixtures.get().api.get("/api/v1/sessions/" + sessionId + "/otp", Fixtures.get().api.login(r.get("teacher")))
                .json().path("otp").asString();
        asha.await(By.cssSelector("[data-test=otp]")).sendKeys(otp);
        asha.driver.findElement(By.cssSelector("form.otp button[type=submit]")).click();
        asha.awaitText(By.cssSelector("[data-test=result]"), "Marked PRESENT (provisional)");
        check(asha, "student marking in the LMS frame");
        asha.driver.switchTo().defaultContent();
        shoot(asha, "lms-student", null);

        // the LMS fails the first score post: the tool tries again at its next pass
        lms.failScores = 1;
        teacher.awaitText(By.cssSelector("tr[data-email='" + r.get("a") + "'] [data-test=status]"), "Present");
        // the close asks to confirm: a dialog of a framed page blocks WebDriver's click until answered, so the click is
        // the page's own, a moment later
        teacher.script("const b = document.querySelector('[data-test=close]'); setTimeout(() => b.click(), 50);");
        teacher.waiting(Duration.ofSeconds(10)).until(d -> {
            try {
                d.switchTo().alert().accept();
                return true;
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                return false;
            }
        });
        teacher.driver.switchTo().defaultContent();
        teacher.driver.switchTo().frame("tool");
        teacher.awaitText(By.cssSelector("tr[data-email='" + r.get("b") + "'] [data-test=status]"), "Absent");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(latest()).containsEntry("u-asha", 100.0)
                .containsEntry("u-bilal", 0.0).containsEntry("u-dev", 0.0).doesNotContainKeys("u-chen", "u-zed", "u-hidden"));
        assertThat(lms.lineItems.values()).singleElement().satisfies(item -> assertThat(item)
                .containsEntry("label", "Attendance").containsEntry("tag", "attendance").containsEntry("resourceId", r.get("subject"))
                .containsEntry("scoreMaximum", 100));
        LtiTestPlatform.Score asha100 = lms.scores.stream().filter(s -> s.userId().equals("u-asha")).findFirst().orElseThrow();
        assertThat(asha100.comment()).isEqualTo("Attended 1 of 1 classes this term");
        assertThat(asha100.gradingProgress()).isEqualTo("FullyGraded");
        // posted once each: a pass that finds the same rate posts nothing again
        int posted = lms.scores.size();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> lms.scores.size() == posted);
        assertThat(lms.scores.stream().map(LtiTestPlatform.Score::userId).distinct().count()).isEqualTo(posted);

        // the office registers a second LMS on its screen, from the values that LMS shows
        Browser office = browser(dir, "office", Browser.DESKTOP, null);
        office.signIn("admin@college.test");
        office.open("#/lms");
        office.awaitText(By.cssSelector("[data-test=tool-login]"), TestStack.get().baseUrl() + "/api/v1/lti/login");
        Map<String, String> moodle = Map.of("name", "Moodle", "issuer", "https://moodle.college.test", "clientId", "Xy12",
                "deploymentIds", "3, 4", "authLoginUrl", "https://moodle.college.test/mod/lti/auth.php",
                "tokenUrl", "https://moodle.college.test/mod/lti/token.php", "jwksUrl", "https://moodle.college.test/mod/lti/certs.php");
        moodle.forEach((field, value) -> office.driver.findElement(By.cssSelector("[data-test=lms-" + field + "]")).sendKeys(value));
        office.driver.findElement(By.cssSelector("[data-test=lms-register-submit]")).click();
        office.awaitText(By.cssSelector("[data-test=lms-message]"), "Moodle is registered");
        office.awaitText(By.cssSelector("[data-test=lms-platforms]"), "Deployments: 3, 4 · may frame the app: https://moodle.college.test");
        office.awaitText(By.cssSelector("[data-test=lms-courses]"), "Course " + COURSE);
        check(office, "the LMS screen");
        office.script("window.scrollTo(0, 0)");
        shoot(office, "lms-admin", Browser.PHONE);
    }

    /** The latest score of each LMS user. */
    static Map<String, Double> latest() {
        Map<String, Double> out = new java.util.HashMap<>();
        lms.scores.forEach(s -> out.put(s.userId(), s.scoreGiven()));
        return out;
    }

    /** A login initiation as the LMS's browser makes it: the state and nonce sent to the LMS, and the tool's cookie. */
    record Login(String state, String nonce, String cookie) {
    }

    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    static Login login(String userId) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(lms.loginInitiation(COURSE, userId))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        Map<String, String> q = FormData.parse(URI.create(r.headers().firstValue("Location").orElseThrow()).getRawQuery());
        assertThat(q).containsEntry("client_id", lms.clientId).containsEntry("response_mode", "form_post").containsEntry("prompt", "none")
                .containsEntry("redirect_uri", TestStack.get().baseUrl() + "/api/v1/lti/launch");
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("lti_login=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly", "Secure", "SameSite=None", "Partitioned", "Path=/api/v1/lti");
        return new Login(q.get("state"), q.get("nonce"), cookie.substring(0, cookie.indexOf(';')));
    }

    static HttpResponse<String> launch(String idToken, Login login, boolean withCookie, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestStack.get().baseUrl() + "/api/v1/lti/launch"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString("id_token=" + enc(idToken) + "&state=" + enc(login.state())));
        if (withCookie) {
            b.header("Cookie", login.cookie());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void refused(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        JsonNode p = Api.JSON.readTree(response.body());
        assertThat(p.path("code").asString()).isEqualTo("LTI_LAUNCH_REFUSED");
        assertThat(p.path("reason").asString()).isEqualTo(reason);
        assertThat(p.path("detail").asString()).isNotBlank();
    }

    @Test
    void everyBadLaunchIsRefusedWithItsReason() throws Exception {
        String json = "application/json";
        Login l = login("u-bilal");
        JWTClaimsSet.Builder wrongAudience = lms.claims("u-bilal", COURSE, l.nonce()).audience("another-tool");
        refused(launch(LtiTestPlatform.sign(wrongAudience, lms.key()), l, true, json), "WRONG_AUDIENCE");

        l = login("u-bilal");
        refused(launch(LtiTestPlatform.sign(lms.claims("u-bilal", COURSE, l.nonce())
                .claim("https://purl.imsglobal.org/spec/lti/claim/deployment_id", "deployment-9"), lms.key()), l, true, json), "UNKNOWN_DEPLOYMENT");

        l = login("u-bilal");
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        refused(launch(LtiTestPlatform.sign(lms.claims("u-bilal", COURSE, l.nonce()).issueTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(300))), lms.key()), l, true, json), "EXPIRED");

        // signed by a key that is not the LMS's, under the LMS's key id
        l = login("u-bilal");
        RSAKey forged = new RSAKeyGenerator(2048).keyID(lms.key().getKeyID()).generate();
        refused(launch(LtiTestPlatform.sign(lms.claims("u-bilal", COURSE, l.nonce()), forged), l, true, json), "BAD_SIGNATURE");

        l = login("u-bilal");
        refused(launch(LtiTestPlatform.sign(lms.claims("u-bilal", COURSE, l.nonce())
                .claim("https://purl.imsglobal.org/spec/lti/claim/message_type", "LtiDeepLinkingRequest"), lms.key()), l, true, json), "WRONG_MESSAGE");

        // a launch that came back to a browser without the login's cookie (another person's browser, a forged form)
        l = login("u-bilal");
        refused(launch(lms.idToken("u-bilal", COURSE, l.nonce()), l, false, json), "BROWSER_MISMATCH");

        // a student the LMS calls an instructor is not made a teacher
        l = login("u-bilal");
        refused(launch(LtiTestPlatform.sign(lms.claims("u-bilal", COURSE, l.nonce())
                .claim("https://purl.imsglobal.org/spec/lti/claim/roles", List.of(LtiTestPlatform.INSTRUCTOR)), lms.key()), l, true, json), "ROLE_MISMATCH");

        // a good launch passes once: replayed with its state, or its token into a new login, it is refused
        l = login("u-bilal");
        String good = lms.idToken("u-bilal", COURSE, l.nonce());
        HttpResponse<String> passed = launch(good, l, true, "text/html");
        assertThat(passed.statusCode()).isEqualTo(303);
        assertThat(passed.headers().firstValue("Location").orElseThrow()).isEqualTo(TestStack.get().baseUrl() + "/#/lti");
        String handoff = passed.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("lti_handoff=")).findFirst().orElseThrow();
        refused(launch(good, l, true, json), "STATE_UNKNOWN");
        Login another = login("u-bilal");
        refused(launch(good, another, true, json), "NONCE_MISMATCH");

        // the web app takes the launch's tokens with its cookie, once; without it, nothing
        HttpRequest.Builder take = HttpRequest.newBuilder(URI.create(TestStack.get().baseUrl() + "/api/v1/lti/handoff"))
                .POST(HttpRequest.BodyPublishers.noBody());
        assertThat(HTTP.send(take.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> taken = HTTP.send(take.header("Cookie", handoff.substring(0, handoff.indexOf(';'))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        JsonNode tokens = Api.JSON.readTree(taken.body());
        assertThat(tokens.path("user").path("email").asString()).isEqualTo(r.get("b"));
        assertThat(tokens.path("landing").asString()).isEqualTo("#/now");
        assertThat(Fixtures.get().api.get("/api/v1/me", tokens.path("accessToken").asString()).status()).isEqualTo(200);
        assertThat(HTTP.send(take.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("taken once").isEqualTo(401);

        // a browser is sent back to the web app with the reason, not shown JSON
        l = login("u-bilal");
        HttpResponse<String> inBrowser = launch(LtiTestPlatform.sign(wrongAudience.claim("nonce", l.nonce()), lms.key()), l, true,
                "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(inBrowser.statusCode()).isEqualTo(303);
        assertThat(inBrowser.headers().firstValue("Location").orElseThrow())
                .isEqualTo(TestStack.get().baseUrl() + "/#error=LTI_LAUNCH_REFUSED&reason=WRONG_AUDIENCE");

        // an LMS nobody registered cannot even start a login
        HttpResponse<String> stranger = HTTP.send(HttpRequest.newBuilder(URI.create(TestStack.get().baseUrl()
                + "/api/v1/lti/login?iss=" + enc("https://lms.elsewhere.test") + "&login_hint=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.statusCode()).isEqualTo(404);
        HttpResponse<String> tooLong = HTTP.send(HttpRequest.newBuilder(URI.create(TestStack.get().baseUrl()
                + "/api/v1/lti/login?iss=" + enc(lms.issuer()) + "&login_hint=" + "u".repeat(3_000))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(Api.JSON.readTree(tooLong.body()).path("detail").asString()).contains("login_hint");
    }

    @Test
    void registrationsAreTheAdminsAndAreChecked() {
        Api api = Fixtures.get().api;
        String teacher = api.login(r.get("teacher"));
        assertThat(api.get("/api/v1/admin/lti/platforms", teacher).status()).isEqualTo(403);
        Api.Response bad = api.post("/api/v1/admin/lti/platforms", Fixtures.get().admin(), Map.of("name", "Bad", "issuer", "not a url",
                "clientId", "c", "deploymentIds", List.of("d"), "authLoginUrl", "ftp://x.test/a", "tokenUrl", lms.tokenUrl(),
                "jwksUrl", lms.jwksUrl()));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").toString()).contains("issuer", "authLoginUrl");
        Api.Response twice = api.post("/api/v1/admin/lti/platforms", Fixtures.get().admin(), Map.of("name", "Again", "issuer", lms.issuer(),
                "clientId", lms.clientId, "deploymentIds", List.of("d"), "authLoginUrl", lms.authUrl(), "tokenUrl", lms.tokenUrl(),
                "jwksUrl", lms.jwksUrl()));
        assertThat(twice.status()).isEqualTo(409);
        Api.Response listed = api.get("/api/v1/admin/lti/platforms", Fixtures.get().admin());
        assertThat(listed.json().valueStream().map(p -> p.path("id").asString())).contains(platformId);
        Api.Response tool = api.get("/api/v1/admin/lti/tool", Fixtures.get().admin());
        assertThat(tool.json().path("jwksUrl").asString()).isEqualTo(TestStack.get().baseUrl() + "/api/v1/lti/jwks");
        Api.Response keys = api.get("/api/v1/lti/jwks", null);
        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.json().path("keys").get(0).has("d")).as("public keys only").isFalse();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static UUID id() {
        return UUID.fromString(platformId);
    }
}
