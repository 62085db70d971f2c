package edu.attendance.platform.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import edu.attendance.platform.security.SigningKeys;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The LTI tool's own keys — not the access-token keys, so an LMS never holds a key that could sign the platform's
 * tokens and a rotation of one leaves the other alone. The public half is published at {@code /api/v1/lti/jwks} for
 * the LMS; the private half signs the tool's client assertions (RFC 7523) when it asks an LMS for a service token.
 * Not an {@code IssuerKeys}: it verifies nobody's access token.
 */
public final class LtiToolKeys {

    private final SigningKeys keys;
    private final Clock clock;

    public LtiToolKeys(Path file, Clock clock) {
        this.keys = new SigningKeys(file);
        this.clock = clock;
    }

    /** The published set: public parts only, the signing key first. */
    public JWKSet publicSet() {
        return keys.publicSet();
    }

    /**
     * A client assertion for one token request at an LMS: issued by and about the tool's client id, for the LMS's
     * token endpoint, valid five minutes, with a fresh id (the LMS may refuse a replayed one).
     */
    public String clientAssertion(String clientId, String tokenUrl) {
        RSAKey key = keys.signing();
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId).subject(clientId).audience(tokenUrl)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the LTI client assertion", e);
        }
        return jwt.serialize();
    }
}
