package edu.attendance.ingest.lti;

import com.nimbusds.jwt.JWTClaimsSet;
import edu.attendance.platform.security.Role;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every claim a launch must carry, each failure with its own reason; the LMS's roles; the registration's addresses. */
class LtiRulesTest {

    static final Instant NOW = Instant.parse("2026-12-07T05:00:00Z");
    static final Duration SKEW = Duration.ofMinutes(1);
    static final LtiRules.Registration LMS = new LtiRules.Registration(UUID.randomUUID(), "https://lms.college.test", "tool-1",
            List.of("dep-1", "dep-2"));
    static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";

    static JWTClaimsSet.Builder good() {
        return new JWTClaimsSet.Builder().issuer("https://lms.college.test").subject("u-42").audience("tool-1")
                .issueTime(Date.from(NOW.minusSeconds(5))).expirationTime(Date.from(NOW.plusSeconds(300))).claim("nonce", "n-1")
                .claim(LTI + "deployment_id", "dep-2").claim(LTI + "message_type", "LtiResourceLinkRequest").claim(LTI + "version", "1.3.0")
                .claim(LTI + "roles", List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"))
                .claim(LTI + "context", Map.of("id", "c-1", "label", "CS101", "title", "Data structures"))
                .claim("email", " Asha@College.test ").claim("name", "Asha")
                .claim(LtiRules.NRPS_CLAIM, Map.of("context_memberships_url", "https://lms.college.test/nrps/c-1"))
                .claim(LtiRules.AGS_CLAIM, Map.of("lineitems", "https://lms.college.test/ags/c-1", "scope", List.of("s1", "s2")));
    }

    static LtiRules.Launch check(UnaryOperator<JWTClaimsSet.Builder> change) {
        return LtiRules.check(change.apply(good()).build(), LMS, "n-1", NOW, SKEW);
    }

    static void refused(UnaryOperator<JWTClaimsSet.Builder> change, LtiRules.Reason reason) {
        assertThatThrownBy(() -> check(change)).isInstanceOfSatisfying(LtiRules.Refused.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void aGoodLaunchGivesThePersonTheCourseAndItsServices() {
        LtiRules.Launch l = check(b -> b);
        assertThat(l.userId()).isEqualTo("u-42");
        assertThat(l.email()).isEqualTo("asha@college.test");
        assertThat(l.roles()).containsExactly(Role.STUDENT);
        assertThat(l.deploymentId()).isEqualTo("dep-2");
        assertThat(l.context()).isEqualTo(new LtiRules.Context("c-1", "CS101", "Data structures"));
        assertThat(l.membershipsUrl()).isEqualTo("https://lms.college.test/nrps/c-1");
        assertThat(l.lineItemsUrl()).isEqualTo("https://lms.college.test/ags/c-1");
        assertThat(l.agsScopes()).containsExactly("s1", "s2");
    }

    @Test
    void withoutTheOptionalPartsALaunchStillPasses() {
        LtiRules.Launch l = check(b -> b.claim(LTI + "context", null).claim(LtiRules.NRPS_CLAIM, null).claim(LtiRules.AGS_CLAIM, null)
                .claim("email", null));
        assertThat(l.context()).isNull();
        assertThat(l.email()).isNull();
        assertThat(l.membershipsUrl()).isNull();
        assertThat(l.agsScopes()).isEmpty();
    }

    @Test
    void theIssuerMustBeTheLoginsLms() {
        refused(b -> b.issuer("https://other.test"), LtiRules.Reason.WRONG_ISSUER);
        refused(b -> b.issuer(null), LtiRules.Reason.WRONG_ISSUER);
    }

    @Test
    void theAudienceAndTheAuthorisedPartyMustBeThisTool() {
        refused(b -> b.audience("another"), LtiRules.Reason.WRONG_AUDIENCE);
        refused(b -> b.audience((String) null), LtiRules.Reason.WRONG_AUDIENCE);
        refused(b -> b.audience(List.of("tool-1", "another")), LtiRules.Reason.WRONG_AUDIENCE); // several: azp required
        refused(b -> b.claim("azp", "another"), LtiRules.Reason.WRONG_AUDIENCE);
        assertThat(check(b -> b.audience(List.of("tool-1", "another")).claim("azp", "tool-1")).userId()).isEqualTo("u-42");
    }

    @Test
    void expiryAndIssueTimeWithinTheToleratedClockDifference() {
        refused(b -> b.expirationTime(Date.from(NOW.minus(SKEW))), LtiRules.Reason.EXPIRED);
        assertThat(check(b -> b.expirationTime(Date.from(NOW.minus(SKEW).plusSeconds(1))))).isNotNull();
        refused(b -> b.issueTime(Date.from(NOW.plus(SKEW).plusSeconds(1))), LtiRules.Reason.EXPIRED);
        assertThat(check(b -> b.issueTime(Date.from(NOW.plus(SKEW))))).isNotNull();
        refused(b -> b.expirationTime(null), LtiRules.Reason.EXPIRED);
        refused(b -> b.issueTime(null), LtiRules.Reason.EXPIRED);
    }

    @Test
    void theNonceMustBeThisLogins() {
        refused(b -> b.claim("nonce", "n-2"), LtiRules.Reason.NONCE_MISMATCH);
        refused(b -> b.claim("nonce", null), LtiRules.Reason.NONCE_MISMATCH);
    }

    @Test
    void onlyRegisteredDeploymentsResourceLinksAndVersionOneThree() {
        refused(b -> b.claim(LTI + "deployment_id", "dep-3"), LtiRules.Reason.UNKNOWN_DEPLOYMENT);
        refused(b -> b.claim(LTI + "deployment_id", null), LtiRules.Reason.UNKNOWN_DEPLOYMENT);
        refused(b -> b.claim(LTI + "message_type", "LtiDeepLinkingRequest"), LtiRules.Reason.WRONG_MESSAGE);
        refused(b -> b.claim(LTI + "version", "1.1"), LtiRules.Reason.WRONG_MESSAGE);
    }

    @Test
    void anAnonymousOrMalformedLaunchIsRefused() {
        refused(b -> b.subject(null), LtiRules.Reason.UNKNOWN_USER);
        refused(b -> b.subject(" "), LtiRules.Reason.UNKNOWN_USER);
        refused(b -> b.claim("nonce", 7), LtiRules.Reason.MALFORMED);
        refused(b -> b.claim(LTI + "roles", "Learner"), LtiRules.Reason.MALFORMED);
    }

    @Test
    void theLmssRolesMapToThePlatformsFullAndShortForms() {
        assertThat(LtiRules.roles(List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"))).containsExactly(Role.TEACHER);
        assertThat(LtiRules.roles(List.of("http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"))).containsExactly(Role.TEACHER);
        assertThat(LtiRules.roles(List.of("http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
                "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"))).containsExactlyInAnyOrder(Role.ADMIN, Role.TEACHER);
        assertThat(LtiRules.roles(List.of("http://purl.imsglobal.org/vocab/lis/v2/system/person#SysAdmin"))).containsExactly(Role.ADMIN);
        assertThat(LtiRules.roles(List.of("Learner"))).containsExactly(Role.STUDENT);
        assertThat(LtiRules.roles(List.of("http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student"))).containsExactly(Role.STUDENT);
        assertThat(LtiRules.roles(List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"))).containsExactly(Role.TEACHER);
        assertThat(LtiRules.roles(List.of("http://purl.imsglobal.org/vocab/lis/v2/institution/person#Guest"))).isEmpty();
        assertThat(LtiRules.roles(List.of())).isEmpty();
    }

    @Test
    void aLaunchNeverLiftsAnyone() {
        LtiRules.requireRole(Role.TEACHER, Set.of(Role.TEACHER, Role.ADMIN));
        assertThatThrownBy(() -> LtiRules.requireRole(Role.STUDENT, Set.of(Role.TEACHER)))
                .isInstanceOfSatisfying(LtiRules.Refused.class, e -> {
                    assertThat(e.reason()).isEqualTo(LtiRules.Reason.ROLE_MISMATCH);
                    assertThat(e.getMessage()).contains("student here", "teacher in this LMS course");
                });
        assertThatThrownBy(() -> LtiRules.requireRole(Role.TEACHER, Set.of())).hasMessageContaining("no role the tool knows");
        assertThatThrownBy(() -> LtiRules.requireRole(Role.MANAGEMENT, Set.of(Role.STUDENT, Role.TEACHER))).isInstanceOf(LtiRules.Refused.class);
    }

    @Test
    void registrationsAreHttpsUrlsAndFrameOriginsDefaultToTheLmss() {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("issuer", "https://lms.test");
        urls.put("authLoginUrl", "http://lms.test/auth");
        urls.put("tokenUrl", "not a url");
        urls.put("jwksUrl", null);
        assertThat(LtiRules.urlProblems(urls, false)).containsExactly("authLoginUrl: an absolute https URL",
                "tokenUrl: an absolute https URL", "jwksUrl: an absolute https URL");
        assertThat(LtiRules.urlProblems(urls, true)).containsExactly("tokenUrl: an absolute http(s) URL", "jwksUrl: an absolute http(s) URL");
        assertThat(LtiRules.frameOrigins(List.of(), "https://Moodle.College.test/", "https://moodle.college.test/mod/lti/auth.php"))
                .containsExactly("https://moodle.college.test");
        assertThat(LtiRules.frameOrigins(null, "https://canvas.instructure.com", "https://sso.canvaslms.com/api/lti/authorize_redirect"))
                .containsExactly("https://canvas.instructure.com", "https://sso.canvaslms.com");
        assertThat(LtiRules.frameOrigins(List.of("https://college.instructure.com:8443/courses"), "https://canvas.instructure.com", "https://x.test"))
                .containsExactly("https://college.instructure.com:8443");
    }
}
