package edu.attendance.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The platform's access-token decoder with a memory of signatures: a token whose signature and claims verified is, until
 * its expiry, read again by a decoder that applies the same claim checks (issuer, expiry) but not the RSA check — the
 * exact token, byte for byte, was verified before. Each remembered token is held as a 128-bit SHA-256 digest and its
 * expiry, subject and family (~280 bytes, not the ~2 KB of the token and its parsed claims), so an instance can remember every token in use
 * at a college's top of the hour: a phone's first call of its 15 minutes pays for the RSA check, its scan does not.
 * A remembered token past its {@code exp} is verified afresh, so it fails as it would have. What a token grants is still
 * decided per request against the accounts as they are now; this only spares the signature check (and, through
 * {@link #known}, reading the token again).
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The first 128 bits of a token's SHA-256: a forger would need a second preimage of a verified token's digest. */
    record Digest(long high, long low) {
        static Digest of(String token) {
            MessageDigest sha;
            try {
                sha = (MessageDigest) SHA_256.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
            ByteBuffer d = ByteBuffer.wrap(sha.digest(token.getBytes(StandardCharsets.ISO_8859_1)));
            return new Digest(d.getLong(), d.getLong());
        }
    }

    private final ReactiveJwtDecoder verifier;
    private final ReactiveJwtDecoder reader;
    private final Clock clock;
    private final Cache<Digest, Known> verified;

    /**
     * What the platform reads of a remembered token besides its signature: its expiry, its subject and its login family
     * (the {@link AccessTokens#FAMILY} claim, null when it has none) — enough to judge the caller without parsing it again.
     */
    record Known(Instant expiresAt, String subject, UUID family) {

        /** Null for a token whose subject or family the caller check would refuse anyway: such a token is not remembered. */
        static Known of(Jwt jwt) {
            if (jwt.getExpiresAt() == null || jwt.getSubject() == null) {
                return null;
            }
            try {
                return new Known(jwt.getExpiresAt(), jwt.getSubject(), AccessTokens.familyOf(jwt));
            } catch (IllegalArgumentException notAFamily) {
                return null;
            }
        }
    }

    /**
     * @param verifier checks the signature and the claims
     * @param reader   the same claim checks without the signature: only ever given a token the verifier accepted
     */
    VerifiedTokens(ReactiveJwtDecoder verifier, ReactiveJwtDecoder reader, Clock clock, int maximumSize) {
        this.verifier = verifier;
        this.reader = reader;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(Expiry.<Digest, Known>creating((digest, known) -> Duration.between(clock.instant(), known.expiresAt())))
                .build();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        // a token is base64url text; anything else cannot have verified, and the verifier says why
        Digest digest = ascii(token) ? Digest.of(token) : null;
        if (digest != null && live(verified.getIfPresent(digest)) != null) {
            return reader.decode(token);
        }
        return verifier.decode(token).doOnNext(jwt -> {
            Known known = digest == null ? null : Known.of(jwt);
            if (known != null) {
                verified.put(digest, known);
            }
        });
    }

    /**
     * The subject and family of this exact token if it verified before and has not expired, without reading it again
     * (its issuer and signature were checked then, its expiry now); null otherwise — {@link #decode} then judges it.
     */
    Known known(String token) {
        return ascii(token) ? live(verified.getIfPresent(Digest.of(token))) : null;
    }

    private Known live(Known known) {
        return known != null && known.expiresAt().isAfter(clock.instant()) ? known : null;
    }

    private static boolean ascii(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
