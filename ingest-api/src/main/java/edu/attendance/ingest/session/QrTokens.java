package edu.attendance.ingest.session;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rotating QR token (docs/rules.md rule 2): {@code v1.<session>.<window>.<nonce>.<signature>} where the
 * signature is HMAC-SHA256 over {@code v1.<session>.<window>.<nonce>} with the session's own secret.
 * The window index counts rotation periods since the epoch, so every teacher screen shows the same
 * token within a window; the nonce is derived from the secret and the window (unpredictable, stable).
 * A token is valid in its own window and the next one (the grace for clock skew and scanning delay);
 * older is {@link Verdict#EXPIRED}; a bad signature, a malformed token or a window from the future
 * (beyond {@link #FUTURE_SKEW}) is {@link Verdict#INVALID}. Signatures compare in constant time.
 */
public final class QrTokens {

    /** How far a window may start in the future and still be accepted (server clocks differ a little). */
    public static final Duration FUTURE_SKEW = Duration.ofSeconds(2);
    private static final String VERSION = "v1";
    private static final Pattern SHAPE = Pattern.compile(
            "v1\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.\\d{1,12}\\.[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public enum Verdict { VALID, EXPIRED, INVALID }

    /** A rotation window: its index and its half-open time span [start, end). */
    public record Window(long index, Instant start, Instant end) {
    }

    /** What a token claims before it is verified. */
    public record Claims(UUID sessionId, long window) {
    }

    private QrTokens() {
    }

    public static Window windowAt(Instant t, int rotationSeconds) {
        long index = Math.floorDiv(t.getEpochSecond(), rotationSeconds);
        return window(index, rotationSeconds);
    }

    public static Window window(long index, int rotationSeconds) {
        Instant start = Instant.ofEpochSecond(index * rotationSeconds);
        return new Window(index, start, start.plusSeconds(rotationSeconds));
    }

    public static String issue(UUID sessionId, byte[] secret, long window) {
        String nonce = HexFormat.of().formatHex(hmac(secret, "nonce." + window), 0, 8);
        String payload = VERSION + "." + sessionId + "." + window + "." + nonce;
        return payload + "." + B64.encodeToString(hmac(secret, payload));
    }

    /** Reads the claims of a well-formed token, or null when it is not one. */
    public static Claims parse(String token) {
        if (token == null || token.length() > 200 || !SHAPE.matcher(token).matches()) {
            return null;
        }
        String[] parts = token.split("\\.");
        return new Claims(UUID.fromString(parts[1]), Long.parseLong(parts[2]));
    }

    /** Whether the token is well formed and signed with {@code secret}, whatever its age. */
    public static boolean signatureValid(String token, byte[] secret) {
        if (parse(token) == null) {
            return false;
        }
        int cut = token.lastIndexOf('.');
        byte[] expected = B64.encodeToString(hmac(secret, token.substring(0, cut))).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, token.substring(cut + 1).getBytes(StandardCharsets.US_ASCII));
    }

    /** Checks signature and age of a token for a session with {@code secret}, at time {@code now}. */
    public static Verdict verify(String token, byte[] secret, int rotationSeconds, Instant now) {
        if (!signatureValid(token, secret)) {
            return Verdict.INVALID;
        }
        Claims claims = parse(token);
        long current = windowAt(now, rotationSeconds).index();
        if (claims.window() > current) {
            Instant starts = window(claims.window(), rotationSeconds).start();
            return claims.window() == current + 1 && !starts.isAfter(now.plus(FUTURE_SKEW)) ? Verdict.VALID : Verdict.INVALID;
        }
        return claims.window() >= current - 1 ? Verdict.VALID : Verdict.EXPIRED;
    }

    private static byte[] hmac(byte[] secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
