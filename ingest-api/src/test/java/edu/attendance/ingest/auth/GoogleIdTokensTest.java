package edu.attendance.ingest.auth;

import edu.attendance.platform.security.AuthSettings;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Google sign-in switched off: no client id configured means no verification attempt and a clear 404. And the ID
 * token's claims beyond the signature: the authorized party among several audiences, the college's hosted domain.
 */
class GoogleIdTokensTest {

    static Jwt idToken(Map<String, Object> claims) {
        Instant now = Instant.now();
        return Jwt.withTokenValue("t").header("alg", "RS256")
                .claim("iss", "https://accounts.google.com").claim("email", "asha@college.edu").claim("email_verified", true)
                .issuedAt(now).expiresAt(now.plusSeconds(300)).claims(c -> c.putAll(claims)).build();
    }

    static GoogleIdTokens google(String allowedDomain) {
        return new GoogleIdTokens(new AuthSettings(false, null, "", Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofSeconds(30),
                "attendance-platform", allowedDomain, "/", new AuthSettings.Google("https://accounts.google.com", "", List.of("app")), 50_000, 200_000));
    }

    static boolean accepted(Map<String, Object> claims) {
        return !google("").validator().validate(idToken(claims)).hasErrors();
    }

    @Test
    void theAuthorizedPartyAmongSeveralAudiencesMustBeOurs() {
        assertThat(accepted(Map.of("aud", List.of("app")))).isTrue();
        assertThat(accepted(Map.of("aud", List.of("app", "other"), "azp", "app"))).isTrue();
        assertThat(accepted(Map.of("aud", List.of("app", "other"), "azp", "other"))).isFalse();
        assertThat(accepted(Map.of("aud", List.of("app", "other")))).isFalse();
        // one audience: azp may name another client of the college's project (Android's sign-in does)
        assertThat(accepted(Map.of("aud", List.of("app"), "azp", "android-client"))).isTrue();
    }

    @Test
    void withACollegeDomainOnlyItsWorkspaceAccountsSignIn() {
        assertThat(google("college.edu").email(idToken(Map.of("aud", List.of("app"), "hd", "college.edu")))).isEqualTo("asha@college.edu");
        assertThat(google("").email(idToken(Map.of("aud", List.of("app"))))).isEqualTo("asha@college.edu");
        // a private Google account that carries a college address has no hd
        for (Map<String, Object> claims : List.<Map<String, Object>>of(Map.of("aud", List.of("app")),
                Map.of("aud", List.of("app"), "hd", "elsewhere.edu"))) {
            assertThatThrownBy(() -> google("college.edu").email(idToken(claims))).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.DOMAIN_NOT_ALLOWED));
        }
    }

    static AuthSettings withClientIds(List<String> ids) {
        return new AuthSettings(false, null, "", Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofSeconds(30), "attendance-platform", "", "/",
                new AuthSettings.Google("https://accounts.google.com", "", ids), 50_000, 200_000);
    }

    @Test
    void anUnsetListOfClientIdsIsNoClient() {
        // Spring binds the default "" of a list as [""]: that was taken for a client and Google was "on"
        assertThat(withClientIds(List.of("")).google().enabled()).isFalse();
        assertThat(withClientIds(List.of(" ", "")).google().clientIds()).isEmpty();
        assertThat(withClientIds(List.of(" app-1 ", "")).google().clientIds()).containsExactly("app-1");
    }

    @Test
    void switchedOffItAnswersNotFoundWithoutFetchingGooglesKeys() {
        GoogleIdTokens google = new GoogleIdTokens(withClientIds(List.of("")));
        assertThat(google.enabled()).isFalse();
        assertThatThrownBy(() -> google.verifiedEmail("x.y.z").block())
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void keysThatCannotBeFetchedAreAServiceProblemNotAnEmptyAnswer() {
        // an issuer nobody answers for: discovery fails, off the event loop, as 503 UNAVAILABLE
        GoogleIdTokens google = new GoogleIdTokens(new AuthSettings(false, null, "", Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofSeconds(30),
                "attendance-platform", "", "/", new AuthSettings.Google("http://127.0.0.1:9/issuer", "", List.of("app")), 50_000, 200_000));
        assertThatThrownBy(() -> google.verifiedEmail("x.y.z").block())
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
