package edu.attendance.ingest.lti;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The LTI tool's HTTP side: the login and launch open to the LMS with their cookies, refusals as problems or (for a
 * browser) back to the web app, the hand-over only with its cookie, registrations the admins', courses teachers' and
 * admins'.
 */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = LtiControllerTest.Slice.class)
class LtiControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({LtiController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    LtiLaunches launches;
    @MockitoBean
    LtiPlatforms platforms;
    @MockitoBean
    LtiCourses courses;

    @Test
    void theLoginInitiationRedirectsToTheLmsWithTheStatesCookie() {
        when(launches.begin(any(), anyString())).thenReturn(new LtiLaunches.Started(URI.create("https://lms.test/auth?state=s1"), "s1"));
        web.get().uri("http://tool.test/api/v1/lti/login?iss=https://lms.test&login_hint=u1").exchange().expectStatus().isFound()
                .expectHeader().location("https://lms.test/auth?state=s1")
                .expectHeader().value("Set-Cookie", c -> assertThat(c).startsWith("lti_login=s1;")
                        .contains("Path=/api/v1/lti", "Secure", "HttpOnly", "SameSite=None", "Partitioned"));
        verify(launches).begin(Map.of("iss", "https://lms.test", "login_hint", "u1"), "http://tool.test");
        // an LMS may post it as a form too
        web.post().uri("http://tool.test/api/v1/lti/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("iss=https%3A%2F%2Flms.test&login_hint=u2").exchange().expectStatus().isFound();
        verify(launches).begin(Map.of("iss", "https://lms.test", "login_hint", "u2"), "http://tool.test");
    }

    @Test
    void aLaunchThatPassesGoesToTheWebAppWithTheHandOversCookie() {
        when(launches.complete("tok", "s1", "s1", "http://tool.test"))
                .thenReturn(new LtiLaunches.Landed(URI.create("http://tool.test/#/lti"), "code-1"));
        web.post().uri("http://tool.test/api/v1/lti/launch").cookie("lti_login", "s1").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("id_token=tok&state=s1").exchange().expectStatus().isSeeOther()
                .expectHeader().location("http://tool.test/#/lti")
                .expectHeader().values("Set-Cookie", c -> {
                    assertThat(c).anySatisfy(v -> assertThat(v).startsWith("lti_handoff=code-1;").contains("HttpOnly", "Partitioned"));
                    assertThat(c).anySatisfy(v -> assertThat(v).startsWith("lti_login=;").contains("Max-Age=0"));
                });
    }

    @Test
    void aRefusedLaunchIsAProblemForAClientAndTheSignInPageForABrowser() {
        when(launches.complete(eq("bad"), eq("s1"), isNull(), anyString()))
                .thenThrow(new LtiRules.Refused(LtiRules.Reason.BROWSER_MISMATCH, "another browser"));
        web.post().uri("/api/v1/lti/launch").contentType(MediaType.APPLICATION_FORM_URLENCODED).accept(MediaType.APPLICATION_JSON)
                .bodyValue("id_token=bad&state=s1").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("LTI_LAUNCH_REFUSED").jsonPath("$.reason").isEqualTo("BROWSER_MISMATCH")
                .jsonPath("$.detail").isEqualTo("another browser");
        web.post().uri("http://tool.test/api/v1/lti/launch").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.TEXT_HTML, MediaType.ALL).bodyValue("id_token=bad&state=s1").exchange().expectStatus().isSeeOther()
                .expectHeader().location("http://tool.test/#error=LTI_LAUNCH_REFUSED&reason=BROWSER_MISMATCH");
        // the LMS's own error (the user is not signed in there) is said as such, and nothing is verified
        web.post().uri("/api/v1/lti/launch").contentType(MediaType.APPLICATION_FORM_URLENCODED).accept(MediaType.APPLICATION_JSON)
                .bodyValue("error=login_required&error_description=Not%20signed%20in&state=s1").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.reason").isEqualTo("PLATFORM_ERROR")
                .jsonPath("$.detail").isEqualTo("the LMS refused the login: login_required (Not signed in)");
    }

    @Test
    void theHandOverNeedsItsCookie() {
        when(launches.take(null)).thenThrow(new ApiException(ErrorCode.UNAUTHENTICATED, "no launch"));
        web.post().uri("/api/v1/lti/handoff").exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        when(launches.take("c1")).thenReturn(new LtiLaunches.Handoff("a", "r", 900,
                new edu.attendance.ingest.auth.LaunchSignIn.Person("a@college.test", "Asha", Role.STUDENT), "#/now"));
        web.post().uri("http://tool.test/api/v1/lti/handoff").header("Origin", "https://evil.test").cookie("lti_handoff", "c1")
                .exchange().expectStatus().isForbidden();
        web.post().uri("http://tool.test/api/v1/lti/handoff").header("Origin", "http://tool.test").cookie("lti_handoff", "c1")
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody().jsonPath("$.accessToken").isEqualTo("a").jsonPath("$.landing").isEqualTo("#/now")
                .jsonPath("$.user.role").isEqualTo("STUDENT");
    }

    @Test
    void theToolsKeysArePublicAndPublicOnly() {
        web.get().uri("/api/v1/lti/jwks").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.keys[0].kty").isEqualTo("RSA").jsonPath("$.keys[0].d").doesNotExist();
    }

    @Test
    void registrationsAreForAdminsAndChecked() {
        for (String role : List.of("STUDENT", "TEACHER", "MANAGEMENT")) {
            as(role, "x@college.test").get().uri("/api/v1/admin/lti/platforms").exchange().expectStatus().isForbidden();
        }
        as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/lti/platforms")
                .bodyValue(Map.of("name", "Moodle", "issuer", "https://m.test")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        verifyNoInteractions(platforms);
        LtiPlatforms.Platform p = new LtiPlatforms.Platform(UUID.randomUUID(), "Moodle", "https://m.test", "c", List.of("1"),
                "https://m.test/auth", "https://m.test/token", "https://m.test/jwks", List.of("https://m.test"));
        when(platforms.register(eq("admin@college.test"), any())).thenReturn(p);
        as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/lti/platforms").bodyValue(Map.of("name", "Moodle",
                        "issuer", "https://m.test", "clientId", "c", "deploymentIds", List.of("1"), "authLoginUrl", "https://m.test/auth",
                        "tokenUrl", "https://m.test/token", "jwksUrl", "https://m.test/jwks")).exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.frameOrigins[0]").isEqualTo("https://m.test");
        as("ADMIN", "admin@college.test").get().uri("http://tool.test/api/v1/admin/lti/tool").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.loginUrl").isEqualTo("http://tool.test/api/v1/lti/login")
                .jsonPath("$.launchUrl").isEqualTo("http://tool.test/api/v1/lti/launch");
    }

    @Test
    void coursesAreForTeachersAndAdmins() {
        as("STUDENT", "a@college.test").get().uri("/api/v1/lti/courses").exchange().expectStatus().isForbidden();
        as("TEACHER", "t@college.test").put().uri("/api/v1/lti/course-links")
                .bodyValue(Map.of("platformId", UUID.randomUUID().toString(), "contextId", "c1", "subjectId", "bad id!"))
                .exchange().expectStatus().isBadRequest();
        when(courses.visible(new CurrentUser("t@college.test", Role.TEACHER))).thenReturn(List.of());
        as("TEACHER", "t@college.test").get().uri("/api/v1/lti/courses").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
        web.get().uri("/api/v1/lti/courses").exchange().expectStatus().isUnauthorized();
    }
}
