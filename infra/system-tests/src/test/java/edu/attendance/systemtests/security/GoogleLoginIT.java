package edu.attendance.systemtests.security;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/auth/google} against a real OIDC server (mock-oauth2-server) started by the tests. */
class GoogleLoginIT {

    static final Api api = Fixtures.get().api;

    @BeforeAll
    static void start() {
        Fixtures.get().roster("g1");
    }

    static String idToken(String issuerId, String email, String audience, boolean emailVerified, long expirySeconds) {
        return TestStack.OIDC.issueToken(issuerId, "google-sub-" + email, audience,
                Map.of("email", email, "email_verified", emailVerified, "hd", email.substring(email.indexOf('@') + 1)), expirySeconds)
                .serialize();
    }

    static JsonNode claims(String jwt) {
        return Api.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    static Api.Response login(String idToken) {
        return api.post("/api/v1/auth/google", null, Map.of("idToken", idToken));
    }

    @Test
    void aValidTokenOfAVerifiedRosterMemberGetsPlatformTokens() {
        Api.Response r = login(idToken("google", "ag1@college.test", TestStack.CLIENT_ID, true, 300));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("user").path("email").asString()).isEqualTo("ag1@college.test");
        assertThat(r.json().path("user").path("role").asString()).isEqualTo("STUDENT");
        String access = r.json().path("accessToken").asString();
        assertThat(claims(access).path("device").asString()).isEqualTo("NONE");
        assertThat(api.post("/api/v1/devices", access, Map.of("deviceUuid", "g-phone", "fingerprintHash", "fp-g-phone-1234",
                "platform", "ANDROID")).status()).isEqualTo(200);
        String again = login(idToken("google", "ag1@college.test", TestStack.CLIENT_ID, true, 300)).json().path("accessToken").asString();
        assertThat(claims(again).path("device").asString()).isEqualTo("ACTIVE");
        assertThat(claims(again).path("role").asString()).isEqualTo("STUDENT");
    }

    @Test
    void attacksAreRefused() {
        // another audience (a token minted for some other app)
        assertThat(login(idToken("google", "ag1@college.test", "someone-elses-app", true, 300)).code()).isEqualTo("UNAUTHENTICATED");
        // expired
        assertThat(login(idToken("google", "ag1@college.test", TestStack.CLIENT_ID, true, -600)).code()).isEqualTo("UNAUTHENTICATED");
        // signed by another issuer of the same server (wrong iss and keys)
        assertThat(login(idToken("evil", "ag1@college.test", TestStack.CLIENT_ID, true, 300)).code()).isEqualTo("UNAUTHENTICATED");
        // tampered payload: signature no longer matches
        String good = idToken("google", "bg1@college.test", TestStack.CLIENT_ID, true, 300);
        String[] parts = good.split("\\.");
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("bg1@", "tg1@").getBytes());
        assertThat(login(parts[0] + "." + forgedPayload + "." + parts[2]).code()).isEqualTo("UNAUTHENTICATED");
        assertThat(login("not.a.jwt").code()).isEqualTo("UNAUTHENTICATED");
        // e-mail not verified by Google
        assertThat(login(idToken("google", "ag1@college.test", TestStack.CLIENT_ID, false, 300)).code()).isEqualTo("UNAUTHENTICATED");
        // outside the college's domain
        Api.Response domain = login(idToken("google", "someone@gmail.com", TestStack.CLIENT_ID, true, 300));
        assertThat(domain.status()).isEqualTo(403);
        assertThat(domain.code()).isEqualTo("DOMAIN_NOT_ALLOWED");
        // right domain, not on the roster
        Api.Response unknown = login(idToken("google", "stranger@college.test", TestStack.CLIENT_ID, true, 300));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.code()).isEqualTo("NOT_VERIFIED");
    }
}
