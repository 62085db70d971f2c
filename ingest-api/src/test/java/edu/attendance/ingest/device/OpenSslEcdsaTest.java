package edu.attendance.ingest.device;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** OpenSSL's verifier gives the JDK's answers, and the JCA hands it only what it takes. */
class OpenSslEcdsaTest {

    static OpenSslEcdsa openssl;

    @BeforeAll
    static void load() {
        // every Linux machine this runs on has OpenSSL 3 (the CI installs it); elsewhere the JDK verifies and this says why
        openssl = OpenSslEcdsa.load().orElse(null);
        assumeThat(openssl).as("OpenSSL 3's libcrypto loads here").isNotNull();
    }

    @Test
    void agreesWithTheJdkOnGoodAndDamagedSignaturesInBothEncodings() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            KeyPair pair = p256();
            byte[] message = new byte[random.nextInt(0, 200)];
            random.nextBytes(message);
            for (String algorithm : new String[]{"SHA256withECDSA", "SHA256withECDSAinP1363Format"}) {
                byte[] signature = sign(pair, algorithm, message);
                assertThat(verify(algorithm, "SunEC", pair, message, signature)).isTrue();
                assertThat(verify(algorithm, null, pair, message, signature)).as("OpenSSL, %s", algorithm).isTrue();
                byte[] damaged = signature.clone();
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
                assertThat(verify(algorithm, null, pair, message, damaged)).isEqualTo(verify(algorithm, "SunEC", pair, message, damaged));
                byte[] otherMessage = Arrays.copyOf(message, message.length + 1);
                assertThat(verify(algorithm, null, pair, otherMessage, signature)).isFalse();
                assertThat(verify(algorithm, null, p256(), message, signature)).as("another key").isFalse();
            }
        }
    }

    @Test
    void aP1363SignatureWithShortOrHighHalvesIsEncodedAsDerRightly() throws Exception {
        // r or s with a leading zero byte (1 in 128 signatures) or a high first bit (1 in 2): both arise within a few hundred
        KeyPair pair = p256();
        boolean shortHalf = false;
        boolean highHalf = false;
        for (int i = 0; i < 5_000 && !(shortHalf && highHalf); i++) {
            byte[] message = ("message " + i).getBytes();
            byte[] signature = sign(pair, "SHA256withECDSAinP1363Format", message);
            shortHalf |= signature[0] == 0 || signature[32] == 0;
            highHalf |= signature[0] < 0 || signature[32] < 0;
            assertThat(verify("SHA256withECDSAinP1363Format", null, pair, message, signature)).isTrue();
        }
        assertThat(shortHalf).isTrue();
        assertThat(highHalf).isTrue();
        assertThat(OpenSslEcdsa.derFromP1363(new byte[63])).isNull();
        assertThat(OpenSslEcdsa.derFromP1363(new byte[65])).isNull();
        // all zeros: a well-formed DER of r = s = 0, which no key verifies
        assertThat(OpenSslEcdsa.derFromP1363(new byte[64])).containsExactly(0x30, 6, 2, 1, 0, 2, 1, 0);
    }

    @Test
    void bytesThatAreNoSignatureAreRefusedNotThrown() throws Exception {
        KeyPair pair = p256();
        byte[] message = "m".getBytes();
        for (byte[] junk : new byte[][]{{}, {0x30}, {0x30, 0x00}, new byte[72], {0x30, 6, 2, 1, 1, 2, 1}, new byte[64]}) {
            assertThat(verify("SHA256withECDSA", null, pair, message, junk)).isFalse();
            assertThat(verify("SHA256withECDSAinP1363Format", null, pair, message, junk)).isFalse();
        }
    }

    @Test
    void installedFirstItVerifiesP256AndLeavesSigningAndOtherCurvesToTheJdk() throws Exception {
        assertThat(OpenSslEcdsa.install()).isTrue();
        KeyPair pair = p256();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pair.getPublic());
        assertThat(verifier.getProvider().getName()).isEqualTo(OpenSslEcdsa.NAME);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        assertThat(signer.getProvider().getName()).isEqualTo("SunEC");
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair big = p384.generateKeyPair();
        byte[] signature = sign(big, "SHA256withECDSA", "m".getBytes());
        Signature other = Signature.getInstance("SHA256withECDSA");
        other.initVerify(big.getPublic());
        other.update("m".getBytes());
        assertThat(other.verify(signature)).isTrue();
        assertThat(other.getProvider().getName()).isEqualTo("SunEC");
    }

    @Test
    void aKeyIsParsedOnce() throws Exception {
        KeyPair pair = p256();
        var copy = java.security.KeyFactory.getInstance("EC").generatePublic(new java.security.spec.X509EncodedKeySpec(pair.getPublic().getEncoded()));
        assertThat(openssl.key(copy).address()).isEqualTo(openssl.key(pair.getPublic()).address());
    }

    private static boolean verify(String algorithm, String provider, KeyPair pair, byte[] message, byte[] signature) throws Exception {
        Signature verifier = provider == null ? Signature.getInstance(algorithm, openssl) : Signature.getInstance(algorithm, provider);
        verifier.initVerify(pair.getPublic());
        verifier.update(message);
        try {
            return verifier.verify(signature);
        } catch (java.security.SignatureException malformed) {
            return false; // the JDK throws for some malformed encodings where OpenSSL answers no: both refuse
        }
    }

    private static byte[] sign(KeyPair pair, String algorithm, byte[] message) throws Exception {
        Signature signer = Signature.getInstance(algorithm, "SunEC");
        signer.initSign(pair.getPrivate());
        signer.update(message);
        return signer.sign();
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
