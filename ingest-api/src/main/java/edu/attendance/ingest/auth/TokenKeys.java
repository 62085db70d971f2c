package edu.attendance.ingest.auth;

import edu.attendance.platform.security.SigningKeys;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.AuthSettings;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The issuer's keys: the signing key file (ingest only — {@code attendance.auth.jwt-key-file}, by default
 * {@code <data>/keys/jwt-signing.jwk}) and the public keys every other service verifies with.
 */
@Configuration(proxyBeanMethods = false)
class TokenKeys {

    @Bean
    SigningKeys signingKeys(AttendanceProperties props, AuthSettings auth) {
        return new SigningKeys(keyFile(props.dataDir(), auth.jwtKeyFile()));
    }

    @Bean
    TokenIssuer tokenIssuer(SigningKeys keys, AuthSettings auth, Clock clock) {
        return new TokenIssuer(keys, auth.issuer(), auth.accessTokenTtl(), clock);
    }

    static Path keyFile(Path dataDir, Path configured) {
        return configured != null ? configured : dataDir.resolve("keys").resolve("jwt-signing.jwk");
    }

    /** Anyone: the public keys access tokens are signed with (RFC 7517), for the services that only verify them. */
    @RestController
    static class Jwks {

        private final SigningKeys keys;

        Jwks(SigningKeys keys) {
            this.keys = keys;
        }

        @Operation(summary = "The public keys that verify access tokens (a JWK set; the signing key first)")
        @GetMapping(value = "/.well-known/jwks.json", produces = {"application/jwk-set+json", "application/json"})
        ResponseEntity<Map<String, Object>> jwks() {
            // a verifier fetches again on its own when a token names a key it has not seen (a rotation)
            return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                    .body(keys.publicSet().toJSONObject(true));
        }
    }
}
