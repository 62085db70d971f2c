package edu.attendance.systemtests.security;

import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import edu.attendance.systemtests.web.BrowserTestBase;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

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
        return signIn(email, verified, hostedDomain, TestStack.get().baseUrl(), null, browser());
    }

    static HttpClient browser() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).cookieHandler(new CookieManager()).build();
    }

    /**
     * The flow begun at {@code start}; the identity provider's return to the platform delivered to {@code returnTo}
     * instead when given (another instance behind the same proxy), by {@code returningBrowser}.
     */
    static URI signIn(String email, boolean verified, String hostedDomain, String start, String returnTo, HttpClient returningBrowser)
            throws Exception {
        Map<String, Object> claims = new HashMap<>(Map.of("email", email, "email_verified", verified));
        if (hostedDomain != null) {
            claims.put("hd", hostedDomain);
        }
        TestStack.OIDC.enqueueCallback(new DefaultOAuth2TokenCallback("google", "sub-" + email, "JWT",
                List.of(TestStack.WEB_CLIENT_ID), claims, 300));
        HttpClient browser = returnTo == null ? returningBrowser : browser();
        URI next = URI.create(start + "/oauth2/authorization/google");
        for (int hop = 0; hop < 6; hop++) {
            HttpResponse<String> r = browser.send(HttpRequest.newBuilder(next).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("hop %d to %s: %s", hop, next, r.body()).isBetween(300, 399);
            URI location = next.resolve(r.headers().firstValue("Location").orElseThrow());
            if (location.toString().startsWith(TestStack.WEB_APP)) {
                return location;
            }
            if (returnTo != null && location.getPath().startsWith("/login/oauth2/code/")) {
                // the return from the identity provider: through the other instance, in the browser that comes back
                location = URI.create(returnTo + location.getRawPath() + "?" + location.getRawQuery());
                if (returningBrowser != browser) {
                    copyCookies(browser, returningBrowser, URI.create(start), location);
                }
                browser = returningBrowser;
            }
            next = location;
        }
        throw new AssertionError("the flow did not end in the web app");
    }

    /** What a proxy in front of both instances means for cookies: one site, so the browser sends them to either. */
    private static void copyCookies(HttpClient from, HttpClient to, URI fromSite, URI toSite) {
        var source = ((CookieManager) from.cookieHandler().orElseThrow()).getCookieStore();
        var target = ((CookieManager) to.cookieHandler().orElseThrow()).getCookieStore();
        source.get(fromSite).forEach(c -> target.add(toSite, c));
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

    /**
     * With two ingest instances behind one proxy the browser may leave from one and come back to the other: the
     * unfinished sign-in is where both find it (it was in the first one's web session, and the return failed there about
     * half the time).
     */
    @Test
    void aSignInBegunOnOneInstanceEndsOnTheOther() throws Exception {
        try (ConfigurableApplicationContext second = TestStack.secondIngest(TestStack.get(), Map.of())) {
            String a = TestStack.get().baseUrl();
            String b = TestStack.baseUrl(second);
            HttpClient browser = browser();
            Map<String, String> f = fragment(signIn("tb1@college.test", true, "college.test", a, b, browser));
            assertThat(f).containsKey("accessToken");
            assertThat(GoogleLoginIT.claims(f.get("accessToken")).path("role").asString()).isEqualTo("TEACHER");
            // and the other way round
            assertThat(fragment(signIn("tb1@college.test", true, "college.test", b, a, browser))).containsKey("accessToken");
        }
    }

    /**
     * The return is bound to the browser that began the flow: a return carried into another browser (a link an attacker
     * sends after beginning a sign-in of their own) finds nothing, and a return delivered twice counts once.
     */
    @Test
    void aReturnInAnotherBrowserOrASecondTimeEndsWithAnError() throws Exception {
        String a = TestStack.get().baseUrl();
        TestStack.OIDC.enqueueCallback(new DefaultOAuth2TokenCallback("google", "sub-tb1", "JWT",
                List.of(TestStack.WEB_CLIENT_ID), Map.of("email", "tb1@college.test", "email_verified", true, "hd", "college.test"), 300));
        HttpClient attacker = browser();
        URI next = URI.create(a + "/oauth2/authorization/google");
        URI callback = null;
        for (int hop = 0; hop < 4 && callback == null; hop++) {
            HttpResponse<String> r = attacker.send(HttpRequest.newBuilder(next).GET().build(), HttpResponse.BodyHandlers.ofString());
            next = next.resolve(r.headers().firstValue("Location").orElseThrow());
            if (next.getPath().startsWith("/login/oauth2/code/")) {
                callback = next;
            }
        }
        assertThat(callback).as("the identity provider's return").isNotNull();
        HttpResponse<String> victim = browser().send(HttpRequest.newBuilder(callback).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fragment(URI.create(victim.headers().firstValue("Location").orElseThrow()))).containsEntry("error", "UNAUTHENTICATED");
        HttpResponse<String> own = attacker.send(HttpRequest.newBuilder(callback).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fragment(URI.create(own.headers().firstValue("Location").orElseThrow()))).containsKey("accessToken");
        HttpResponse<String> again = attacker.send(HttpRequest.newBuilder(callback).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fragment(URI.create(again.headers().firstValue("Location").orElseThrow()))).containsEntry("error", "UNAUTHENTICATED");
    }

    /** A private Google account that carries a college address is not the college's: the Workspace must manage it. */
    @Test
    void anAccountTheCollegesWorkspaceDoesNotManageEndsWithAnError() throws Exception {
        assertThat(fragment(signIn("tb1@college.test", true, null))).containsEntry("error", "DOMAIN_NOT_ALLOWED");
        assertThat(fragment(signIn("tb1@college.test", true, "elsewhere.test"))).containsEntry("error", "DOMAIN_NOT_ALLOWED");
        assertThat(fragment(signIn("tb1@college.test", true, "college.test"))).containsKey("accessToken");
    }
}
