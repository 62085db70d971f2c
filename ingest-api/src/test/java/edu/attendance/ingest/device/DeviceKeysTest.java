package edu.attendance.ingest.device;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.web.ApiException;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a phone's key must sign, and what an install key's signature proves (passkeys: the browser tests, with a real authenticator). */
class DeviceKeysTest {

    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    final DeviceKeys keys = new DeviceKeys(null, Clock.systemUTC(), new DeviceKeys.Settings(List.of(), "", true, true),
            AttendanceProperties.Profile.DEVELOPMENT);

    @Test
    void theChallengeIsTheSameBytesTheWebAppSigns() {
        // the web app's test/device.test.js pins the same vectors
        assertThat(B64.encodeToString(DeviceKeys.captureChallenge("asha@college.test",
                DeviceKeys.otpCode(UUID.fromString("9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"), "0427"))))
                .isEqualTo("vAbuaO9jQ3XRVlpVlWsYOJd1QMzLo3eXZ7W29x-PZTw");
        assertThat(B64.encodeToString(DeviceKeys.captureChallenge("asha@college.test", DeviceKeys.qrCode("v1.s.1.2.sig"))))
                .isEqualTo("fU36kR1F0Z7USWaE5wC_Zw-I7P3fHT20ksMukT9mCWY");
    }

    @Test
    void anInstallKeyProvesOnlyTheCodeAndStudentItSigned() throws Exception {
        KeyPair phone = p256();
        DeviceKeys.DeviceKey key = installKey(phone);
        byte[] challenge = DeviceKeys.captureChallenge("asha@college.test", DeviceKeys.qrCode("v1.s.1.2.sig"));
        String signature = sign(phone, challenge);
        DeviceKeys.Proof proof = new DeviceKeys.Proof(DeviceKeys.KeyKind.INSTALL_KEY, null, null, null, signature);
        assertThat(keys.proves(key, challenge, proof)).isTrue();
        // the same signature for the next code, or for a friend's account
        assertThat(keys.proves(key, DeviceKeys.captureChallenge("asha@college.test", DeviceKeys.qrCode("v1.s.1.3.sig")), proof)).isFalse();
        assertThat(keys.proves(key, DeviceKeys.captureChallenge("ravi@college.test", DeviceKeys.qrCode("v1.s.1.2.sig")), proof)).isFalse();
        // another phone's key, a proof of the wrong kind, none, or bytes that are not a signature
        assertThat(keys.proves(installKey(p256()), challenge, proof)).isFalse();
        assertThat(keys.proves(key, challenge, new DeviceKeys.Proof(DeviceKeys.KeyKind.PASSKEY, "x", "y", "z", signature))).isFalse();
        assertThat(keys.proves(key, challenge, null)).isFalse();
        assertThat(keys.proves(key, challenge, new DeviceKeys.Proof(DeviceKeys.KeyKind.INSTALL_KEY, null, null, null, "AAAA"))).isFalse();
        assertThat(keys.proves(key, challenge, new DeviceKeys.Proof(DeviceKeys.KeyKind.INSTALL_KEY, null, null, null, "!!"))).isFalse();
    }

    @Test
    void aPasskeyProofThatDoesNotParseProvesNothing() throws Exception {
        DeviceKeys.DeviceKey passkey = new DeviceKeys.DeviceKey(DeviceKeys.KeyKind.PASSKEY, "cred", new byte[]{1, 2, 3}, "localhost", false);
        byte[] challenge = DeviceKeys.captureChallenge("asha@college.test", DeviceKeys.qrCode("v1.s.1.2.sig"));
        assertThat(keys.proves(passkey, challenge, new DeviceKeys.Proof(DeviceKeys.KeyKind.PASSKEY, "cred", "e30", "AAAA", "AAAA"))).isFalse();
        assertThat(keys.proves(passkey, challenge, new DeviceKeys.Proof(DeviceKeys.KeyKind.PASSKEY, "other", "e30", "AAAA", "AAAA"))).isFalse();
        assertThat(keys.proves(passkey, challenge, new DeviceKeys.Proof(DeviceKeys.KeyKind.PASSKEY, null, null, null, "AAAA"))).isFalse();
    }

    @Test
    void theRelyingPartyIsTheConfiguredOneOrThePagesHost() {
        assertThat(keys.relyingParty("http://localhost:8080", "127.0.0.1")).isEqualTo("localhost");
        assertThat(keys.relyingParty(null, "attendance.college.test:8443")).isEqualTo("attendance.college.test");
        DeviceKeys configured = new DeviceKeys(null, Clock.systemUTC(),
                new DeviceKeys.Settings(List.of("https://attendance.college.edu/"), "", true, true), AttendanceProperties.Profile.PRODUCTION);
        assertThat(configured.relyingParty("https://attendance.college.edu", "10.0.0.5")).isEqualTo("attendance.college.edu");
        assertThatThrownBy(() -> configured.relyingParty("https://evil.example", "attendance.college.edu"))
                .isInstanceOf(ApiException.class).hasMessageContaining("origin");
    }

    @Test
    void productionNamesItsOriginsAndRequiresKeys() {
        assertThatThrownBy(() -> new DeviceKeys(null, Clock.systemUTC(), new DeviceKeys.Settings(List.of(), "", true, true),
                AttendanceProperties.Profile.PRODUCTION)).hasMessageContaining("attendance.devices.origins");
        assertThatThrownBy(() -> new DeviceKeys(null, Clock.systemUTC(), new DeviceKeys.Settings(List.of("https://a.edu"), "", false, true),
                AttendanceProperties.Profile.PRODUCTION)).hasMessageContaining("require-key");
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static DeviceKeys.DeviceKey installKey(KeyPair phone) {
        byte[] spki = phone.getPublic().getEncoded();
        return new DeviceKeys.DeviceKey(DeviceKeys.KeyKind.INSTALL_KEY, B64.encodeToString(DeviceKeys.sha256(spki)), spki, "localhost", false);
    }

    /** As WebCrypto signs: ECDSA P-256 with SHA-256, r ‖ s. */
    static String sign(KeyPair phone, byte[] data) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(phone.getPrivate());
        s.update(data);
        return B64.encodeToString(s.sign());
    }
}
