package edu.attendance.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.text.ParseException;
import java.util.UUID;

/**
 * The RSA key that signs platform access tokens, as a JWK file (owner-only). Generated on first start
 * when the file is absent (the embedded run); in production mount the same file into every service.
 */
public final class JwtKeys {

    private static final Logger log = LoggerFactory.getLogger(JwtKeys.class);

    private JwtKeys() {
    }

    public static RSAKey loadOrCreate(Path file) {
        try {
            return RSAKey.parse(KeyFiles.loadOrCreate(file, () -> {
                try {
                    log.info("generating a new token signing key at {}", file);
                    return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate().toJSONString();
                } catch (JOSEException e) {
                    throw new IllegalStateException(e);
                }
            }));
        } catch (ParseException e) {
            throw new IllegalStateException("bad JWT key file " + file, e);
        }
    }
}
