package edu.attendance.ingest.auth;

import edu.attendance.platform.security.SigningKeys;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import edu.attendance.platform.security.AccessTokens;
import edu.attendance.platform.security.Role;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Signs short-lived platform access tokens (RS256) with the current key of {@link SigningKeys}, naming it ({@code kid}):
 * subject = e-mail, claims role (as it was at signing), name, login family. Only the issuer (this service) holds keys.
 */
final class TokenIssuer {

    /** A key and its signer, made once per key (a signer precomputes from the private key). */
    private record Signer(RSAKey key, RSASSASigner signer) {
    }

    private final SigningKeys keys;
    private final String issuer;
    private final Duration ttl;
    private final Clock clock;
    private volatile Signer current;

    TokenIssuer(SigningKeys keys, String issuer, Duration ttl, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.ttl = ttl;
        this.clock = clock;
    }

    private Signer signer() {
        RSAKey key = keys.signing();
        Signer s = current;
        if (s == null || s.key() != key) {
            try {
                s = new Signer(key, new RSASSASigner(key));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            current = s;
        }
        return s;
    }

    /**
     * {@code device}: for students, the binding state of their devices (ACTIVE, PENDING, BLOCKED or NONE);
     * {@code family}: the login (refresh-token chain) the token belongs to — revoking it refuses the token too.
     */
    String accessToken(String email, String name, Role role, String device, UUID family) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(email)
                .claim("role", role.name())
                .claim("name", name)
                .claim("device", device)
                .claim(AccessTokens.FAMILY, family == null ? null : family.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        Signer s = signer();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(s.key().getKeyID()).build(), claims);
        try {
            jwt.sign(s.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    Duration ttl() {
        return ttl;
    }
}
