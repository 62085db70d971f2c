package edu.attendance.ingest.device;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * Google Play Integrity verdicts checked on this server, the way Google documents for servers that decrypt and verify
 * locally: the token is a JWE (A256KW, A256GCM) under the college app's decryption key, holding a JWS (ES256) under its
 * verification key — both downloaded from the Play Console. Its request must be this app's ({@code packageName}),
 * recent ({@code maxAge}) and for this registration: its {@code requestHash} is {@link #requestHash} of the account
 * and the app's install id, so a token cannot be replayed for another student or phone. Then the verdict: not a
 * Play-recognised app or a device without {@code MEETS_DEVICE_INTEGRITY} is FAIL; {@code MEETS_STRONG_INTEGRITY} is
 * STRONG; else BASIC. With the keys set, an Android registration without a valid token is refused
 * ({@code INTEGRITY_TOKEN_INVALID}) — a modified app cannot just claim STRONG.
 */
final class PlayIntegrity {

    /** {@code attendance.devices.play-integrity.*}: empty keys turn the check off (the app's word is then all there is). */
    @Validated
    @ConfigurationProperties("attendance.devices.play-integrity")
    record Settings(
            @DefaultValue("") String packageName,
            /** The Play Console's decryption key (base64, AES-256). */
            @DefaultValue("") String decryptionKey,
            /** The Play Console's verification key (base64 X.509 SubjectPublicKeyInfo, EC P-256). */
            @DefaultValue("") String verificationKey,
            @NotNull @DefaultValue("5m") Duration maxAge) {

        boolean enabled() {
            return !packageName.isBlank() && !decryptionKey.isBlank() && !verificationKey.isBlank();
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final AESDecrypter decrypter;
    private final ECDSAVerifier verifier;

    PlayIntegrity(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        if (!settings.enabled()) {
            this.decrypter = null;
            this.verifier = null;
            return;
        }
        try {
            this.decrypter = new AESDecrypter(new SecretKeySpec(Base64.getDecoder().decode(settings.decryptionKey().strip()), "AES"));
            ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(settings.verificationKey().strip())));
            this.verifier = new ECDSAVerifier(key);
        } catch (GeneralSecurityException | JOSEException | IllegalArgumentException e) {
            throw new IllegalStateException("attendance.devices.play-integrity: the keys are not the Play Console's "
                    + "(base64 AES-256 decryption key, base64 EC verification key): " + e.getMessage(), e);
        }
    }

    boolean enabled() {
        return settings.enabled();
    }

    /** What the app puts in the request's {@code requestHash}: base64url(SHA-256("attendance-device:" + e-mail + ":" + install id)). */
    static String requestHash(String email, String deviceUuid) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("attendance-device:" + email + ":" + deviceUuid).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The checked verdict (STRONG, BASIC or FAIL) of this registration's token; a token that does not hold is refused. */
    String verdict(String token, String email, String deviceUuid) {
        if (token == null || token.isBlank()) {
            throw invalid("this college checks Play Integrity: the app must send an integrity token");
        }
        Map<String, Object> claims;
        try {
            JWEObject jwe = JWEObject.parse(token.strip());
            if (!JWEAlgorithm.A256KW.equals(jwe.getHeader().getAlgorithm())
                    || !EncryptionMethod.A256GCM.equals(jwe.getHeader().getEncryptionMethod())) {
                throw invalid("the integrity token is not encrypted as Play Integrity encrypts it");
            }
            jwe.decrypt(decrypter);
            SignedJWT jws = SignedJWT.parse(jwe.getPayload().toString());
            if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm()) || !jws.verify(verifier)) {
                throw invalid("the integrity token's signature is not Google's");
            }
            claims = jws.getJWTClaimsSet().getClaims();
        } catch (ParseException | JOSEException | IllegalStateException e) {
            throw invalid("the integrity token cannot be read with this college's keys");
        }
        Map<String, Object> request = map(claims.get("requestDetails"));
        if (!settings.packageName().equals(request.get("requestPackageName"))) {
            throw invalid("the integrity token was made for another app");
        }
        if (!(request.get("requestHash") instanceof String hash) || !MessageDigest.isEqual(hash.getBytes(StandardCharsets.UTF_8),
                requestHash(email, deviceUuid).getBytes(StandardCharsets.UTF_8))) {
            throw invalid("the integrity token was made for another account or phone");
        }
        Instant at;
        try {
            at = Instant.ofEpochMilli(Long.parseLong(String.valueOf(request.get("timestampMillis"))));
        } catch (NumberFormatException e) {
            throw invalid("the integrity token carries no time");
        }
        Instant now = clock.instant();
        if (at.isBefore(now.minus(settings.maxAge())) || at.isAfter(now.plus(Duration.ofMinutes(1)))) {
            throw invalid("the integrity token is too old");
        }
        Map<String, Object> app = map(claims.get("appIntegrity"));
        List<?> device = map(claims.get("deviceIntegrity")).get("deviceRecognitionVerdict") instanceof List<?> l ? l : List.of();
        if (!"PLAY_RECOGNIZED".equals(app.get("appRecognitionVerdict")) || !settings.packageName().equals(app.get("packageName"))
                || !device.contains("MEETS_DEVICE_INTEGRITY")) {
            return "FAIL";
        }
        return device.contains("MEETS_STRONG_INTEGRITY") ? "STRONG" : "BASIC";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static ApiException invalid(String why) {
        return new ApiException(ErrorCode.INTEGRITY_TOKEN_INVALID, why);
    }
}
