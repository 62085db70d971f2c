package edu.attendance.ingest.session;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The 4-digit OTP (docs/rules.md rule 3): derived from the session's secret and a 15-second window (HMAC-SHA256,
 * RFC 4226 dynamic truncation), so every teacher screen shows the same code and nobody can predict the
 * next. A code is accepted in its window and for a few seconds after it (the time to type it).
 */
public final class OtpCodes {

    public static final int VALIDITY_SECONDS = 15;
    public static final Duration TYPING_GRACE = Duration.ofSeconds(3);
    private static final Pattern FOUR_DIGITS = Pattern.compile("\\d{4}");

    public record Current(String otp, Instant validUntil) {
    }

    private OtpCodes() {
    }

    static long window(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), VALIDITY_SECONDS);
    }

    static String code(byte[] secret, long window) {
        byte[] h;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            h = mac.doFinal(("otp." + window).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        int offset = h[h.length - 1] & 0x0f;
        int bin = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
        return String.format(Locale.ROOT, "%04d", bin % 10_000);
    }

    public static Current current(byte[] secret, Instant now) {
        long w = window(now);
        return new Current(code(secret, w), Instant.ofEpochSecond((w + 1) * VALIDITY_SECONDS));
    }

    /** Whether {@code given} is the code of now's window, or of the previous one within the typing grace. */
    public static boolean matches(String given, byte[] secret, Instant now) {
        if (given == null || !FOUR_DIGITS.matcher(given).matches()) {
            return false;
        }
        long w = window(now);
        boolean current = equal(given, code(secret, w));
        boolean previous = now.isBefore(Instant.ofEpochSecond(w * VALIDITY_SECONDS).plus(TYPING_GRACE))
                && equal(given, code(secret, w - 1));
        return current | previous;
    }

    /**
     * Whether a code that does not match now was this session's code in one of the last {@code windows} windows:
     * a code that changed on its way (typed slowly, or relayed), not a guess.
     */
    public static boolean shownRecently(String given, byte[] secret, Instant now, int windows) {
        if (given == null || !FOUR_DIGITS.matcher(given).matches()) {
            return false;
        }
        long w = window(now);
        boolean seen = false;
        for (int back = 1; back <= windows; back++) {
            seen |= equal(given, code(secret, w - back));
        }
        return seen;
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
