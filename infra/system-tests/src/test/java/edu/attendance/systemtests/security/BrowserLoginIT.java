package edu.attendance.systemtests.security;

import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import edu.attendance.systemtests.web.BrowserTestBase;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser's OAuth2 authorization-code flow ({@code /oauth2/authorization/google}) against a real OIDC
 * server, redirect by redirect, ending in the web app with platform tokens (or an error code).
 */
class BrowserLoginIT {

    @BeforeAll
    static void start() {
        Fixtures.get().roster("b1");
    }

    /** Follows the flow as a browser would; returns the final Location (the web app). */
    static URI signIn(String email, boolean verified) throws Exception {
        return signIn(email, verified, email.substring(email.indexOf('@') + 1));
    }

    /** {@code hostedDomain}: the Workspace that manages the account (Google's {@code hd}); null for a private account. */
    static URI signIn(String email, boolean verified, String hostedDomain) throws Exception {
        Map<String, Object> claims = new HashMap<>(Map.of("email", email, "email_verified", verified));
        if (hostedDomain != null) {
            claims.put("hd", hostedDomain);
        }
        TestStack.OIDC.enqueueCallback(new DefaultOAuth2TokenCallback("google", "sub-" + email, "JWT",
                List.of(TestStack.WEB_CLIENT_ID), claims, 300));
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).cookieHandler(new CookieManager()).build();
        URI next = URI.create(TestStack.get().baseUrl() + "/oauth2/authorization/google");
        for (int hop = 0; hop < 6; hop++) {
            HttpResponse<String> r = browser.send(HttpRequest.newBuilder(next).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("hop %d to %s: %s", hop, next, r.body()).isBetween(300, 399);
            URI location = next.resolve(r.headers().firstValue("Location").orElseThrow());
            if (location.toString().startsWith(TestStack.WEB_APP)) {
                return location;
            }
            next = location;
        }
        throw new AssertionError("the flow did not end in the web app");
    }

    static Map<String, String> fragment(URI uri) {
        return Arrays.stream(uri.getRawFragment().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    @Test
    void aRosterMemberEndsInTheWebAppWithPlatformTokens() throws Exception {
        Map<String, String> f = fragment(signIn("tb1@college.test", true));
        assertThat(f).containsKeys("accessToken", "refreshToken", "expiresIn");
        assertThat(GoogleLoginIT.claims(f.get("accessToken")).path("role").asString()).isEqualTo("TEACHER");
        assertThat(Fixtures.get().api.get("/api/v1/devices?status=PENDING", f.get("accessToken")).status()).isEqualTo(200);
    }

    @Test
    void strangersAndOtherDomainsEndWithAnError() throws Exception {
        assertThat(fragment(signIn("nobody@college.test", true))).containsEntry("error", "NOT_VERIFIED");
        assertThat(fragment(signIn("someone@gmail.com", true))).containsEntry("error", "DOMAIN_NOT_ALLOWED");
        assertThat(fragment(signIn("tb1@college.test", false))).containsEntry("error", "UNAUTHENTICATED");
    }

    /** A private Google account that carries a college address is not the college's: the Workspace must manage it. */
    @Test
    void anAccountTheCollegesWorkspaceDoesNotManageEndsWithAnError() throws Exception {
        assertThat(fragment(signIn("tb1@college.test", true, null))).containsEntry("error", "DOMAIN_NOT_ALLOWED");
        assertThat(fragment(signIn("tb1@college.test", true, "elsewhere.test"))).containsEntry("error", "DOMAIN_NOT_ALLOWED");
        assertThat(fragment(signIn("tb1@college.test", true, "college.test"))).containsKey("accessToken");
    }
}
