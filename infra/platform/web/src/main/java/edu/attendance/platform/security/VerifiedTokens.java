package edu.attendance.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The platform's access-token decoder with a memory: a token whose signature and claims verified is taken again without
 * verifying, until its expiry (entries leave the cache then, and a remembered token past its {@code exp} is verified
 * afresh, so it fails as it would have). What a token grants is still decided per request against the accounts as they
 * are now; this only spares the signature check.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder verifier;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    VerifiedTokens(ReactiveJwtDecoder verifier, Clock clock, int maximumSize) {
        this.verifier = verifier;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> untilExpiry(jwt)))
                .build();
    }

    private Duration untilExpiry(Jwt jwt) {
        Instant exp = jwt.getExpiresAt();
        return exp == null ? Duration.ZERO : Duration.between(clock.instant(), exp);
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known != null && known.getExpiresAt() != null && known.getExpiresAt().isAfter(clock.instant())) {
            return Mono.just(known);
        }
        return verifier.decode(token).doOnNext(jwt -> {
            if (jwt.getExpiresAt() != null) {
                verified.put(token, jwt);
            }
        });
    }
}
