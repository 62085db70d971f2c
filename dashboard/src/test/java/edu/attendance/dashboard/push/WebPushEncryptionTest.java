package edu.attendance.dashboard.push;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 8291, Appendix A: fixed keys and salt give the published body, byte for byte. */
class WebPushEncryptionTest {

    static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    static byte[] b64(String s) {
        return Base64.getUrlDecoder().decode(s);
    }

    @Test
    void reproducesTheRfcBody() throws Exception {
        KeyPair sender = new KeyPair(WebPushEncryption.publicKey(b64(AS_PUBLIC)), WebPushEncryption.privateKey(b64(AS_PRIVATE)));
        byte[] body = WebPushEncryption.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8), b64(UA_PUBLIC), b64(AUTH), b64(SALT), sender);
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(body)).isEqualTo(BODY);
    }

    @Test
    void theBrowserSideReadsTheRfcBodyAndAFreshOne() throws Exception {
        ECPrivateKey ua = WebPushEncryption.privateKey(b64(UA_PRIVATE));
        assertThat(new String(WebPushEncryption.decrypt(b64(BODY), ua, b64(UA_PUBLIC), b64(AUTH)), StandardCharsets.UTF_8))
                .isEqualTo(PLAINTEXT);
        byte[] fresh = WebPushEncryption.encrypt("{\"type\":\"session-opened\"}".getBytes(StandardCharsets.UTF_8), b64(UA_PUBLIC), b64(AUTH));
        assertThat(new String(WebPushEncryption.decrypt(fresh, ua, b64(UA_PUBLIC), b64(AUTH)), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"session-opened\"}");
    }

    @Test
    void aTamperedBodyDoesNotDecrypt() throws Exception {
        byte[] body = b64(BODY);
        body[body.length - 5] ^= 1;
        ECPrivateKey ua = WebPushEncryption.privateKey(b64(UA_PRIVATE));
        assertThatThrownBy(() -> WebPushEncryption.decrypt(body, ua, b64(UA_PUBLIC), b64(AUTH)))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> WebPushEncryption.publicKey(new byte[64])).isInstanceOf(GeneralSecurityException.class);
    }
}
