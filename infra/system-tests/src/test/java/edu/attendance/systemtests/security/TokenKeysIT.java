package edu.attendance.systemtests.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import edu.attendance.platform.security.SigningKeys;
import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;

import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Only the issuer holds the signing key: the platform publishes its public keys at {@code /.well-known/jwks.json}, a
 * service that only verifies (as the dashboard and reports do in a deployment, with {@code attendance.auth.jwks-uri})
 * checks tokens with them, and a rotation of the key file changes the signing key of the running platform while the
 * tokens signed before stay valid — nobody is signed out.
 */
class TokenKeysIT {

    final Fixtures f = Fixtures.get();
    final Api api = f.api;
    final EmbeddedStack platform = TestStack.get();

    /** A verifier as a non-issuing service makes it: Spring Security's decoder over the published key set. */
    NimbusReactiveJwtDecoder remoteVerifier() {
        return NimbusReactiveJwtDecoder.withJwkSetUri(platform.baseUrl() + "/.well-known/jwks.json")
                .jwsAlgorithm(SignatureAlgorithm.RS256).build();
    }

    static String kid(String token) {
        try {
            return SignedJWT.parse(token).getHeader().getKeyID();
        } catch (ParseException e) {
            throw new AssertionError("not a JWT: " + token, e);
        }
    }

    @Test
    void thePublishedKeysHaveNoPrivatePartsAndVerifyTheTokensOfTheRunningPlatform() throws Exception {
        Api.Response keys = api.get("/.well-known/jwks.json", null);
        assertThat(keys.status()).isEqualTo(200);
        JWKSet set = JWKSet.parse(keys.text());
        assertThat(set.getKeys()).isNotEmpty().allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(keys.text()).doesNotContain("\"d\"");

        String token = api.login("admin@college.test");
        Jwt jwt = remoteVerifier().decode(token).block(Duration.ofSeconds(10));
        assertThat(jwt.getSubject()).isEqualTo("admin@college.test");
        assertThat(set.getKeyByKeyId(kid(token))).as("the token names a published key").isNotNull();
    }

    @Test
    void aRotationSignsWithTheNewKeyAndTheTokensSignedBeforeStayValid() throws Exception {
        String before = api.login("admin@college.test");
        NimbusReactiveJwtDecoder verifier = remoteVerifier();
        verifier.decode(before).block(Duration.ofSeconds(10)); // the verifier has the key set as it was

        List<String> ids = SigningKeys.rotate(platform.dataDir().resolve("keys").resolve("jwt-signing.jwk"));
        // the running platform re-reads the file within seconds, without a restart
        String after = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.login("admin@college.test"), t -> ids.getFirst().equals(kid(t)));

        assertThat(api.get("/api/v1/me", before).status()).as("a token signed before the rotation").isEqualTo(200);
        assertThat(api.get("/api/v1/me", after).status()).isEqualTo(200);
        assertThat(verifier.decode(after).block(Duration.ofSeconds(10)).getSubject())
                .as("the verifier fetches the key it has not seen").isEqualTo("admin@college.test");
        assertThat(verifier.decode(before).block(Duration.ofSeconds(10)).getSubject()).isEqualTo("admin@college.test");
        assertThat(JWKSet.parse(api.get("/.well-known/jwks.json", null).text()).getKeys()).extracting(k -> k.getKeyID())
                .containsExactlyElementsOf(ids);
    }

    @Test
    void aTokenSignedWithAnotherKeyUnderAPublishedKeyIdIsRefused() throws Exception {
        String genuine = api.login("admin@college.test");
        RSAKey forger = new RSAKeyGenerator(2048).keyID(kid(genuine)).generate();
        JWTClaimsSet claims = SignedJWT.parse(genuine).getJWTClaimsSet();
        JWTClaimsSet forged = new JWTClaimsSet.Builder(claims).expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(forger.getKeyID()).build(), forged);
        jwt.sign(new RSASSASigner(forger));
        Api.Response r = api.get("/api/v1/me", jwt.serialize());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
    }
}
