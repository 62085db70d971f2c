package edu.attendance.ingest.session;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class OtpCodesTest {

    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    // a window boundary for 15-second windows
    static final Instant T0 = Instant.ofEpochSecond(1_795_000_005L - 1_795_000_005L % 15);

    @Test
    void fourDigitsStableWithinTheWindowValidUntilItsEnd() {
        OtpCodes.Current c = OtpCodes.current(SECRET, T0.plusSeconds(3));
        assertThat(c.otp()).matches("\\d{4}");
        assertThat(OtpCodes.current(SECRET, T0.plusSeconds(14)).otp()).isEqualTo(c.otp());
        assertThat(c.validUntil()).isEqualTo(T0.plusSeconds(15));
    }

    @Test
    void acceptedInItsWindowAndForTheTypingGraceOnly() {
        String otp = OtpCodes.current(SECRET, T0).otp();
        assertThat(OtpCodes.matches(otp, SECRET, T0)).isTrue();
        assertThat(OtpCodes.matches(otp, SECRET, T0.plusMillis(14_999))).isTrue();
        assertThat(OtpCodes.matches(otp, SECRET, T0.plusSeconds(15).plus(OtpCodes.TYPING_GRACE).minusMillis(1))).isTrue();
        String next = OtpCodes.current(SECRET, T0.plusSeconds(15)).otp();
        boolean sameByChance = next.equals(otp);
        assertThat(OtpCodes.matches(otp, SECRET, T0.plusSeconds(15).plus(OtpCodes.TYPING_GRACE))).isEqualTo(sameByChance);
        assertThat(OtpCodes.matches(otp, SECRET, T0.plusSeconds(60))).isEqualTo(otp.equals(OtpCodes.current(SECRET, T0.plusSeconds(60)).otp()));
    }

    @Test
    void aCodeThatChangedOnItsWayIsRecentAGuessIsNot() {
        String first = OtpCodes.current(SECRET, T0).otp();
        String second = OtpCodes.current(SECRET, T0.plusSeconds(15)).otp();
        Instant third = T0.plusSeconds(30).plus(OtpCodes.TYPING_GRACE);
        assertThat(OtpCodes.shownRecently(second, SECRET, third, 2)).isTrue();
        assertThat(OtpCodes.shownRecently(first, SECRET, third, 2)).isTrue();
        String now = OtpCodes.current(SECRET, third).otp();
        // a code never shown lately is a guess; something that is no code at all too
        String guess = IntStream.range(0, 10_000).mapToObj(i -> String.format("%04d", i))
                .filter(c -> !c.equals(first) && !c.equals(second) && !c.equals(now)).findFirst().orElseThrow();
        assertThat(OtpCodes.shownRecently(guess, SECRET, third, 2)).isFalse();
        assertThat(OtpCodes.shownRecently("12a4", SECRET, third, 2)).isFalse();
        assertThat(OtpCodes.shownRecently(null, SECRET, third, 2)).isFalse();
    }

    @Test
    void anotherSessionsSecretGivesOtherCodes() {
        int same = 0;
        for (int i = 0; i < 200; i++) {
            Instant t = T0.plusSeconds(15L * i);
            if (OtpCodes.current(SECRET, t).otp().equals(OtpCodes.current(OTHER, t).otp())) {
                same++;
            }
        }
        assertThat(same).isLessThan(3);
    }

    @Test
    void codesSpreadOverTheSpace() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            seen.add(OtpCodes.current(SECRET, T0.plusSeconds(15L * i)).otp());
        }
        assertThat(seen.size()).isGreaterThan(450);
    }

    @Test
    void malformedInputNeverMatches() {
        for (String bad : new String[]{null, "", "123", "12345", "12a4", " 1234", "１２３４"}) {
            assertThat(OtpCodes.matches(bad, SECRET, T0)).as(bad).isFalse();
        }
    }
}
