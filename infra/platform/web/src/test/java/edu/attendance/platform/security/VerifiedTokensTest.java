package edu.attendance.platform.security;

import edu.attendance.testsupport.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTest {

    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    final TestClock clock = TestClock.at(T0);
    final AtomicInteger verifications = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();

    /** Stands for the signature check: counts its calls, accepts "good-*" tokens valid for 15 minutes from now. */
    final ReactiveJwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good")) {
            return Mono.error(new BadJwtException("bad signature"));
        }
        return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject(token)
                .issuedAt(clock.instant()).expiresAt(clock.instant().plus(Duration.ofMinutes(15))).build());
    };

    /** Stands for the claims-only reader: counts its calls. */
    final ReactiveJwtDecoder reader = token -> {
        reads.incrementAndGet();
        return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject(token)
                .issuedAt(clock.instant()).expiresAt(clock.instant().plus(Duration.ofMinutes(15))).build());
    };

    @Test
    void aVerifiedTokenIsReadAgainWithoutVerifying() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, reader, clock, 100);
        tokens.decode("good-a").block();
        Jwt again = tokens.decode("good-a").block();
        assertThat(again.getSubject()).isEqualTo("good-a");
        assertThat(verifications).hasValue(1);
        assertThat(reads).hasValue(1);
        tokens.decode("good-b").block();
        tokens.decode("good-a2").block(); // one character more: another token
        assertThat(verifications).hasValue(3);
        assertThat(reads).hasValue(1);
    }

    @Test
    void aTokenThatIsNotAsciiIsNeverRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, reader, clock, 100);
        tokens.decode("good-\u00e9").block();
        tokens.decode("good-\u00e9").block();
        assertThat(verifications).hasValue(2);
        assertThat(reads).hasValue(0);
    }

    /** With real RS256 tokens and Spring's decoders built as the platform builds them. */
    @Test
    void aRealTokenIsReadFromMemoryAndATamperedOneIsStillRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair keys = g.generateKeyPair();
        Instant now = Instant.now();
        SignedJWT signed = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject("ana@college.example")
                .claim("role", "STUDENT").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(900))).build());
        signed.sign(new RSASSASigner(keys.getPrivate()));
        String token = signed.serialize();
        AtomicInteger realVerifications = new AtomicInteger();
        ReactiveJwtDecoder rsa = NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
        ReactiveJwtDecoder counting = t -> {
            realVerifications.incrementAndGet();
            return rsa.decode(t);
        };
        VerifiedTokens tokens = new VerifiedTokens(counting, new NimbusReactiveJwtDecoder(jwt -> Mono.fromCallable(jwt::getJWTClaimsSet)),
                java.time.Clock.systemUTC(), 100);

        assertThat(tokens.decode(token).block().getSubject()).isEqualTo("ana@college.example");
        Jwt fromMemory = tokens.decode(token).block();
        assertThat(fromMemory.getSubject()).isEqualTo("ana@college.example");
        assertThat(fromMemory.getClaimAsString("role")).isEqualTo("STUDENT");
        assertThat(realVerifications).hasValue(1);

        // the same signature on other claims: a different text, so verified — and refused
        String[] parts = token.split("\\.");
        String otherClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new JWTClaimsSet.Builder()
                .subject("ana@college.example").claim("role", "ADMIN").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(900))).build().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> tokens.decode(parts[0] + "." + otherClaims + "." + parts[2]).block()).isInstanceOf(BadJwtException.class);
        assertThat(realVerifications).hasValue(2);
    }

    @Test
    void aRefusedTokenIsCheckedEveryTime() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, reader, clock, 100);
        assertThatThrownBy(() -> tokens.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void anExpiredTokenIsNotTakenFromMemory() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, reader, clock, 100);
        tokens.decode("good-a").block();
        clock.advance(Duration.ofMinutes(15));
        tokens.decode("good-a").block(); // at its expiry: verified afresh (the real verifier would refuse it)
        assertThat(verifications).hasValue(2);
    }

    @Test
    void whatIsKnownOfATokenIsItsSubjectAndFamilyOnceVerifiedAndUntilItExpires() {
        ReactiveJwtDecoder withFamily = token -> {
            verifications.incrementAndGet();
            return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("ana@college.test")
                    .claim(AccessTokens.FAMILY, "0b6f5c1e-8d2a-4f5e-9c1d-2a3b4c5d6e7f")
                    .issuedAt(clock.instant()).expiresAt(clock.instant().plus(Duration.ofMinutes(15))).build());
        };
        VerifiedTokens tokens = new VerifiedTokens(withFamily, reader, clock, 100);
        assertThat(tokens.known("good-a")).as("never verified").isNull();
        tokens.decode("good-a").block();
        assertThat(tokens.known("good-a")).isEqualTo(new VerifiedTokens.Known(clock.instant().plus(Duration.ofMinutes(15)),
                "ana@college.test", java.util.UUID.fromString("0b6f5c1e-8d2a-4f5e-9c1d-2a3b4c5d6e7f")));
        assertThat(tokens.known("good-a2")).as("another text").isNull();
        assertThat(tokens.known("good-\u00e9")).isNull();
        assertThat(reads).as("nothing parsed to know it").hasValue(0);
        clock.advance(Duration.ofMinutes(15));
        assertThat(tokens.known("good-a")).as("at its expiry").isNull();
    }

    @Test
    void aTokenWhoseFamilyIsNoUuidIsNotRemembered() {
        ReactiveJwtDecoder oddFamily = token -> {
            verifications.incrementAndGet();
            return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("ana@college.test").claim(AccessTokens.FAMILY, "x")
                    .issuedAt(clock.instant()).expiresAt(clock.instant().plus(Duration.ofMinutes(15))).build());
        };
        VerifiedTokens tokens = new VerifiedTokens(oddFamily, reader, clock, 100);
        tokens.decode("odd").block();
        tokens.decode("odd").block();
        assertThat(tokens.known("odd")).isNull();
        assertThat(verifications).as("verified each time, so the caller check refuses it each time").hasValue(2);
    }
}
