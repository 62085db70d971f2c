package edu.attendance.systemtests.capture;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A college that checks Play Integrity: an Android phone's verdict comes from its token, made here as Google makes it
 * (JWS ES256 inside JWE A256KW/A256GCM, under keys the college set), not from what the app says about itself.
 */
class PlayIntegrityIT {

    static final String APP = "edu.college.attendance";

    @Test
    void anAndroidPhonesVerdictIsItsCheckedTokenNotItsOwnWord(@TempDir Path dir) throws Exception {
        KeyGenerator aes = KeyGenerator.getInstance("AES");
        aes.init(256);
        SecretKey decryption = aes.generateKey();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair verification = g.generateKeyPair();
        try (EmbeddedStack platform = TestStack.start(dir.resolve("platform"), Map.of(
                "attendance.devices.play-integrity.package-name", APP,
                "attendance.devices.play-integrity.decryption-key", Base64.getEncoder().encodeToString(decryption.getEncoded()),
                "attendance.devices.play-integrity.verification-key", Base64.getEncoder().encodeToString(verification.getPublic().getEncoded())))) {
            Fixtures f = Fixtures.on(platform);
            Map<String, String> r = f.roster("pi");
            String a = f.api.login(r.get("a"));
            String b = f.api.login(r.get("b"));

            Api.Response claimsStrong = f.api.post("/api/v1/devices", a, Map.of("deviceUuid", "a-phone", "fingerprintHash", "fp-a-1234abcd",
                    "platform", "ANDROID", "integrity", "STRONG"));
            assertThat(claimsStrong.status()).as("its own word alone").isEqualTo(422);
            assertThat(claimsStrong.code()).isEqualTo("INTEGRITY_TOKEN_INVALID");

            String strong = token(r.get("a"), "a-phone", List.of("MEETS_DEVICE_INTEGRITY", "MEETS_STRONG_INTEGRITY"), verification, decryption);
            assertThat(f.api.post("/api/v1/devices", a, Map.of("deviceUuid", "a-phone", "fingerprintHash", "fp-a-1234abcd",
                    "platform", "ANDROID", "integrity", "FAIL", "integrityToken", strong)).json().path("status").asString())
                    .as("the token's STRONG, whatever the app says").isEqualTo("ACTIVE");
            Api.Response replayed = f.api.post("/api/v1/devices", b, Map.of("deviceUuid", "a-phone", "fingerprintHash", "fp-b-1234abcd",
                    "platform", "ANDROID", "integrityToken", strong));
            assertThat(replayed.code()).as("a's token sent for b").isEqualTo("INTEGRITY_TOKEN_INVALID");

            String rooted = token(r.get("b"), "b-phone", List.of("MEETS_BASIC_INTEGRITY"), verification, decryption);
            assertThat(f.api.post("/api/v1/devices", b, Map.of("deviceUuid", "b-phone", "fingerprintHash", "fp-b-1234abcd",
                    "platform", "ANDROID", "integrity", "STRONG", "integrityToken", rooted)).json().path("status").asString())
                    .as("a modified phone that says STRONG").isEqualTo("BLOCKED");
            JdbcTemplate pg = platform.context().getBean(JdbcTemplate.class);
            assertThat(pg.queryForObject("SELECT blocked FROM users WHERE email = ?", Boolean.class, r.get("b"))).isTrue();
            assertThat(pg.queryForObject("SELECT integrity FROM devices WHERE user_email = ?", String.class, r.get("a"))).isEqualTo("STRONG");

            String c = f.api.login(r.get("c"));
            assertThat(f.api.post("/api/v1/devices", c, Map.of("deviceUuid", "c-browser", "fingerprintHash", "fp-c-1234abcd",
                    "platform", "WEB")).json().path("status").asString()).as("a browser has no token to give").isEqualTo("ACTIVE");
        }
    }

    static String token(String email, String deviceUuid, List<String> device, KeyPair signer, SecretKey encrypter) throws Exception {
        String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(("attendance-device:" + email + ":" + deviceUuid).getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> payload = Map.of(
                "requestDetails", Map.of("requestPackageName", APP, "requestHash", hash,
                        "timestampMillis", String.valueOf(Instant.now().toEpochMilli())),
                "appIntegrity", Map.of("appRecognitionVerdict", "PLAY_RECOGNIZED", "packageName", APP),
                "deviceIntegrity", Map.of("deviceRecognitionVerdict", device));
        SignedJWT jws = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), JWTClaimsSet.parse(payload));
        jws.sign(new ECDSASigner((ECPrivateKey) signer.getPrivate()));
        JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM), new Payload(jws.serialize()));
        jwe.encrypt(new AESEncrypter(encrypter));
        return jwe.serialize();
    }
}
