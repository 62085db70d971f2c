package edu.attendance.platform.security;

import edu.attendance.testsupport.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTest {

    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    final TestClock clock = TestClock.at(T0);
    final AtomicInteger verifications = new AtomicInteger();

    /** Stands for the signature check: counts its calls, accepts "good-*" tokens valid for 15 minutes from now. */
    final ReactiveJwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good")) {
            return Mono.error(new BadJwtException("bad signature"));
        }
        return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject(token)
                .issuedAt(clock.instant()).expiresAt(clock.instant().plus(Duration.ofMinutes(15))).build());
    };

    @Test
    void aVerifiedTokenIsTakenAgainWithoutVerifying() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, clock, 100);
        Jwt first = tokens.decode("good-a").block();
        Jwt again = tokens.decode("good-a").block();
        assertThat(again).isSameAs(first);
        assertThat(verifications).hasValue(1);
        tokens.decode("good-b").block();
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusedTokenIsCheckedEveryTime() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, clock, 100);
        assertThatThrownBy(() -> tokens.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void anExpiredTokenIsNotTakenFromMemory() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, clock, 100);
        tokens.decode("good-a").block();
        clock.advance(Duration.ofMinutes(15));
        tokens.decode("good-a").block(); // at its expiry: verified afresh (the real verifier would refuse it)
        assertThat(verifications).hasValue(2);
    }
}
