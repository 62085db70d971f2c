package edu.attendance.ingest.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static edu.attendance.ingest.session.QrTokens.Verdict.EXPIRED;
import static edu.attendance.ingest.session.QrTokens.Verdict.INVALID;
import static edu.attendance.ingest.session.QrTokens.Verdict.VALID;
import static org.assertj.core.api.Assertions.assertThat;

class QrTokensTest {

    static final UUID SESSION = UUID.fromString("3f1c2b7a-8d4e-4f60-9a1b-2c3d4e5f6a7b");
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final int ROTATION = 10;
    // 2026-11-21T09:00:00Z is a window boundary for a 10 s rotation
    static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");

    static String tokenAt(Instant t) {
        return QrTokens.issue(SESSION, SECRET, QrTokens.windowAt(t, ROTATION).index());
    }

    @Test
    void windowsAreAlignedToTheRotation() {
        QrTokens.Window w = QrTokens.windowAt(T0.plusSeconds(7), ROTATION);
        assertThat(w.start()).isEqualTo(T0);
        assertThat(w.end()).isEqualTo(T0.plusSeconds(10));
        assertThat(QrTokens.windowAt(T0.plusSeconds(10), ROTATION).index()).isEqualTo(w.index() + 1);
    }

    @Test
    void sameWindowGivesTheSameToken() {
        assertThat(tokenAt(T0.plusSeconds(1))).isEqualTo(tokenAt(T0.plusSeconds(9)));
        assertThat(tokenAt(T0.plusSeconds(9))).isNotEqualTo(tokenAt(T0.plusSeconds(10)));
    }

    @Test
    void validInItsOwnWindow() {
        assertThat(QrTokens.verify(tokenAt(T0), SECRET, ROTATION, T0.plusMillis(9_999))).isEqualTo(VALID);
    }

    @Test
    void validThroughoutTheNextWindowAsGrace() {
        String token = tokenAt(T0);
        assertThat(QrTokens.verify(token, SECRET, ROTATION, T0.plusSeconds(10))).isEqualTo(VALID);
        assertThat(QrTokens.verify(token, SECRET, ROTATION, T0.plusMillis(19_999))).isEqualTo(VALID);
    }

    @Test
    void expiredTwoWindowsLater() {
        String token = tokenAt(T0);
        assertThat(QrTokens.verify(token, SECRET, ROTATION, T0.plusSeconds(20))).isEqualTo(EXPIRED);
        assertThat(QrTokens.verify(token, SECRET, ROTATION, T0.plusSeconds(3600))).isEqualTo(EXPIRED);
    }

    @Test
    void aWindowFromTheFutureIsInvalidBeyondTheSkew() {
        String next = tokenAt(T0.plusSeconds(10));
        assertThat(QrTokens.verify(next, SECRET, ROTATION, T0.plusSeconds(8))).isEqualTo(VALID);
        assertThat(QrTokens.verify(next, SECRET, ROTATION, T0.plusSeconds(7))).isEqualTo(INVALID);
        assertThat(QrTokens.verify(tokenAt(T0.plusSeconds(20)), SECRET, ROTATION, T0.plusSeconds(9))).isEqualTo(INVALID);
    }

    @Test
    void anotherSessionsSecretDoesNotVerify() {
        byte[] other = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
        assertThat(QrTokens.verify(tokenAt(T0), other, ROTATION, T0)).isEqualTo(INVALID);
    }

    @Test
    void tamperedWindowOrSessionOrSignatureIsInvalid() {
        String token = tokenAt(T0);
        String[] p = token.split("\\.");
        long window = Long.parseLong(p[2]);
        String laterWindow = String.join(".", p[0], p[1], Long.toString(window + 1), p[3], p[4]);
        String otherSession = String.join(".", p[0], UUID.randomUUID().toString(), p[2], p[3], p[4]);
        char last = p[4].charAt(0);
        String badSig = String.join(".", p[0], p[1], p[2], p[3], (last == 'A' ? 'B' : 'A') + p[4].substring(1));
        assertThat(QrTokens.verify(laterWindow, SECRET, ROTATION, T0)).isEqualTo(INVALID);
        assertThat(QrTokens.verify(otherSession, SECRET, ROTATION, T0)).isEqualTo(INVALID);
        assertThat(QrTokens.verify(badSig, SECRET, ROTATION, T0)).isEqualTo(INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v1", "v2.3f1c2b7a-8d4e-4f60-9a1b-2c3d4e5f6a7b.1.0011223344556677.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "v1.not-a-uuid.1.0011223344556677.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "v1.3f1c2b7a-8d4e-4f60-9a1b-2c3d4e5f6a7b.-1.0011223344556677.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "v1.3f1c2b7a-8d4e-4f60-9a1b-2c3d4e5f6a7b.1.0011223344556677.AAAA",
            "v1.3F1C2B7A-8d4e-4f60-9a1b-2c3d4e5f6a7b.1.0011223344556677.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "v1.3f1c2b7a+8d4e-4f60-9a1b-2c3d4e5f6a7b.1.0011223344556677.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "v1.3f1c2b7a-8d4e-4f60-9a1b-2c3d4e5f6a7b.1234567890123.0011223344556677.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "v1.3f1c2b7a-8d4e-4f60-9a1b-2c3d4e5f6a7b..0011223344556677.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "v1.3f1c2b7a-8d4e-4f60-9a1b-2c3d4e5f6a7b.1.001122334455667.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "v1.3f1c2b7a-8d4e-4f60-9a1b-2c3d4e5f6a7b.1.00112233445566Ff.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "v1.3f1c2b7a-8d4e-4f60-9a1b-2c3d4e5f6a7b.1.0011223344556677.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "v1.3f1c2b7a-8d4e-4f60-9a1b-2c3d4e5f6a7b.1.0011223344556677.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "v1.3f1c2b7a-8d4e-4f60-9a1b-2c3d4e5f6a7b.1.0011223344556677xAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "=cmd|' /C calc'!A0"})
    void malformedTokensAreInvalid(String token) {
        assertThat(QrTokens.parse(token)).isNull();
        assertThat(QrTokens.verify(token, SECRET, ROTATION, T0)).isEqualTo(INVALID);
    }

    @Test
    void aSignatureRememberedForOneSecretDoesNotVouchForAnother() {
        String token = tokenAt(T0);
        byte[] other = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
        assertThat(QrTokens.verify(token, SECRET, ROTATION, T0)).isEqualTo(VALID);
        assertThat(QrTokens.verify(token, other, ROTATION, T0)).isEqualTo(INVALID);
        assertThat(QrTokens.verify(token, SECRET, ROTATION, T0)).isEqualTo(VALID);
        assertThat(QrTokens.signatureValid(token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"), SECRET)).isFalse();
    }

    @Test
    void theLongestWindowNumberParses() {
        String twelve = "v1.3f1c2b7a-8d4e-4f60-9a1b-2c3d4e5f6a7b.999999999999.0011223344556677.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertThat(QrTokens.parse(twelve)).isEqualTo(new QrTokens.Claims(SESSION, 999_999_999_999L));
    }

    @Test
    void nullIsInvalid() {
        assertThat(QrTokens.verify(null, SECRET, ROTATION, T0)).isEqualTo(INVALID);
    }

    @Test
    void parseReadsSessionAndWindow() {
        QrTokens.Claims c = QrTokens.parse(tokenAt(T0));
        assertThat(c.sessionId()).isEqualTo(SESSION);
        assertThat(c.window()).isEqualTo(QrTokens.windowAt(T0, ROTATION).index());
    }
}
