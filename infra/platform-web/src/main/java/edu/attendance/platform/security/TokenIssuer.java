package edu.attendance.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Signs short-lived platform access tokens (RS256): subject = e-mail, claims role (as it was at signing), name, login family. */
public final class TokenIssuer {

    private final RSAKey key;
    private final RSASSASigner signer;
    private final String issuer;
    private final Duration ttl;
    private final Clock clock;

    public TokenIssuer(RSAKey key, String issuer, Duration ttl, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.ttl = ttl;
        this.clock = clock;
        try {
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code device}: for students, the binding state of their devices (ACTIVE, PENDING, BLOCKED or NONE);
     * {@code family}: the login (refresh-token chain) the token belongs to — revoking it refuses the token too.
     */
    public String accessToken(String email, String name, Role role, String device, UUID family) {
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
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    public Duration ttl() {
        return ttl;
    }
}
