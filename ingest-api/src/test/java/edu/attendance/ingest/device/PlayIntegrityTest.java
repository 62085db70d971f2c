package edu.attendance.ingest.device;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.testsupport.TestClock;
import org.junit.jupiter.api.Test;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Play Integrity tokens made as Google makes them (a JWS ES256 under the verification key, inside a JWE A256KW/A256GCM
 * under the decryption key), checked as the server checks them.
 */
class PlayIntegrityTest {

    static final String APP = "edu.college.attendance";
    static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    final TestClock clock = TestClock.at(NOW);
    final SecretKey decryption;
    final KeyPair verification;
    final PlayIntegrity integrity;

    PlayIntegrityTest() throws Exception {
        KeyGenerator aes = KeyGenerator.getInstance("AES");
        aes.init(256);
        decryption = aes.generateKey();
        verification = ec();
        integrity = new PlayIntegrity(new PlayIntegrity.Settings(APP, b64(decryption.getEncoded()),
                b64(verification.getPublic().getEncoded()), Duration.ofMinutes(5)), clock);
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** The verdict payload as Google documents it. */
    static Map<String, Object> payload(String pkg, String requestHash, Instant at, String app, List<String> device) {
        return Map.of(
                "requestDetails", Map.of("requestPackageName", pkg, "requestHash", requestHash, "timestampMillis", String.valueOf(at.toEpochMilli())),
                "appIntegrity", Map.of("appRecognitionVerdict", app, "packageName", pkg, "versionCode", "42"),
                "deviceIntegrity", Map.of("deviceRecognitionVerdict", device),
                "accountDetails", Map.of("appLicensingVerdict", "LICENSED"));
    }

    String token(Map<String, Object> payload, KeyPair signer, SecretKey encrypter) throws Exception {
        SignedJWT jws = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), JWTClaimsSet.parse(payload));
        jws.sign(new ECDSASigner((ECPrivateKey) signer.getPrivate()));
        JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM), new Payload(jws.serialize()));
        jwe.encrypt(new AESEncrypter(encrypter));
        return jwe.serialize();
    }

    String good(List<String> device) throws Exception {
        return token(payload(APP, PlayIntegrity.requestHash("asha@college.test", "app-1"), NOW.minusSeconds(20), "PLAY_RECOGNIZED", device),
                verification, decryption);
    }

    String verdict(String token) {
        return integrity.verdict(token, "asha@college.test", "app-1");
    }

    static void refused(Runnable r, String why) {
        assertThatThrownBy(r::run).isInstanceOf(ApiException.class).hasMessageContaining(why)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.INTEGRITY_TOKEN_INVALID));
    }

    @Test
    void theDevicesVerdictDecides() throws Exception {
        assertThat(verdict(good(List.of("MEETS_DEVICE_INTEGRITY", "MEETS_STRONG_INTEGRITY")))).isEqualTo("STRONG");
        assertThat(verdict(good(List.of("MEETS_BASIC_INTEGRITY", "MEETS_DEVICE_INTEGRITY")))).isEqualTo("BASIC");
        assertThat(verdict(good(List.of("MEETS_BASIC_INTEGRITY")))).as("a rooted or emulated phone").isEqualTo("FAIL");
        assertThat(verdict(good(List.of()))).isEqualTo("FAIL");
    }

    @Test
    void anAppPlayDoesNotRecogniseFails() throws Exception {
        String modified = token(payload(APP, PlayIntegrity.requestHash("asha@college.test", "app-1"), NOW, "UNRECOGNIZED_VERSION",
                List.of("MEETS_DEVICE_INTEGRITY")), verification, decryption);
        assertThat(verdict(modified)).isEqualTo("FAIL");
    }

    @Test
    void aTokenForAnotherStudentPhoneOrAppIsRefused() throws Exception {
        String other = token(payload(APP, PlayIntegrity.requestHash("bilal@college.test", "app-1"), NOW, "PLAY_RECOGNIZED",
                List.of("MEETS_DEVICE_INTEGRITY")), verification, decryption);
        refused(() -> verdict(other), "another account or phone");
        String otherPhone = token(payload(APP, PlayIntegrity.requestHash("asha@college.test", "app-2"), NOW, "PLAY_RECOGNIZED",
                List.of("MEETS_DEVICE_INTEGRITY")), verification, decryption);
        refused(() -> verdict(otherPhone), "another account or phone");
        String otherApp = token(payload("com.other.app", PlayIntegrity.requestHash("asha@college.test", "app-1"), NOW, "PLAY_RECOGNIZED",
                List.of("MEETS_DEVICE_INTEGRITY")), verification, decryption);
        refused(() -> verdict(otherApp), "another app");
    }

    @Test
    void anOldTokenIsRefused() throws Exception {
        String token = good(List.of("MEETS_DEVICE_INTEGRITY"));
        clock.advance(Duration.ofMinutes(5));
        refused(() -> verdict(token), "too old");
    }

    @Test
    void aTokenNotMadeWithTheCollegesKeysIsRefused() throws Exception {
        KeyGenerator aes = KeyGenerator.getInstance("AES");
        aes.init(256);
        String otherEncryption = token(payload(APP, PlayIntegrity.requestHash("asha@college.test", "app-1"), NOW, "PLAY_RECOGNIZED",
                List.of("MEETS_DEVICE_INTEGRITY")), verification, aes.generateKey());
        refused(() -> verdict(otherEncryption), "cannot be read");
        String forged = token(payload(APP, PlayIntegrity.requestHash("asha@college.test", "app-1"), NOW, "PLAY_RECOGNIZED",
                List.of("MEETS_STRONG_INTEGRITY", "MEETS_DEVICE_INTEGRITY")), ec(), decryption);
        refused(() -> verdict(forged), "signature");
        JWEObject direct = new JWEObject(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), new Payload("x"));
        direct.encrypt(new DirectEncrypter(decryption));
        refused(() -> verdict(direct.serialize()), "not encrypted as Play Integrity");
        refused(() -> verdict(null), "must send an integrity token");
        refused(() -> verdict("not.a.token"), "cannot be read");
    }

    @Test
    void theCheckIsOffWithoutKeysAndBadKeysStopTheStart() {
        assertThat(new PlayIntegrity(new PlayIntegrity.Settings("", "", "", Duration.ofMinutes(5)), clock).enabled()).isFalse();
        assertThatThrownBy(() -> new PlayIntegrity(new PlayIntegrity.Settings(APP, "not-base64!", "x", Duration.ofMinutes(5)), clock))
                .hasMessageContaining("Play Console");
    }
}
