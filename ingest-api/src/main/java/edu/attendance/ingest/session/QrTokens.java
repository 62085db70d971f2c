package edu.attendance.ingest.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

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
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int SIGNATURE_LENGTH = 43;
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });
    /**
     * The signatures worked out lately, by signed part: a window's one token is scanned by a whole class, and each
     * check was an HMAC. Kept with the secret they were made with (a session's secret never changes; the check says so).
     */
    private static final Cache<String, Signed> SIGNED = Caffeine.newBuilder().maximumSize(50_000).build();

    private record Signed(byte[] secret, byte[] signature) {
    }

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

    /**
     * Reads the claims of a well-formed token ({@code v1.<uuid>.<1–12 digits>.<16 hex>.<43 base64url>}, lowercase hex),
     * or null when it is not one. Checked character by character: this runs for every scan.
     */
    public static Claims parse(String token) {
        if (token == null || token.length() < 3 + 36 + 1 + 1 + 1 + 16 + 1 + SIGNATURE_LENGTH || token.length() > 200
                || !token.startsWith("v1.")) {
            return null;
        }
        int i = 3;
        for (int k = 0; k < 36; k++, i++) {
            char c = token.charAt(i);
            if (k == 8 || k == 13 || k == 18 || k == 23 ? c != '-' : !isLowerHex(c)) {
                return null;
            }
        }
        if (token.charAt(i++) != '.') {
            return null;
        }
        int digits = i;
        while (i < token.length() && token.charAt(i) >= '0' && token.charAt(i) <= '9') {
            i++;
        }
        int windowEnd = i;
        if (windowEnd == digits || windowEnd - digits > 12 || i >= token.length() || token.charAt(i++) != '.') {
            return null;
        }
        for (int k = 0; k < 16; k++, i++) {
            if (i >= token.length() || !isLowerHex(token.charAt(i))) {
                return null;
            }
        }
        if (i >= token.length() || token.charAt(i++) != '.' || token.length() - i != SIGNATURE_LENGTH) {
            return null;
        }
        for (; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return null;
            }
        }
        return new Claims(UUID.fromString(token.substring(3, 39)), Long.parseLong(token, digits, windowEnd, 10));
    }

    private static boolean isLowerHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }

    /** Whether the token is well formed and signed with {@code secret}, whatever its age. */
    public static boolean signatureValid(String token, byte[] secret) {
        return parse(token) != null && signedWith(token, secret);
    }

    /** A well-formed token's signature against {@code secret}, compared in constant time. */
    private static boolean signedWith(String token, byte[] secret) {
        int cut = token.length() - SIGNATURE_LENGTH - 1;
        String payload = token.substring(0, cut);
        Signed known = SIGNED.getIfPresent(payload);
        byte[] expected;
        if (known != null && MessageDigest.isEqual(known.secret(), secret)) {
            expected = known.signature();
        } else {
            expected = B64.encodeToString(hmac(secret, payload)).getBytes(StandardCharsets.US_ASCII);
            SIGNED.put(payload, new Signed(secret.clone(), expected));
        }
        return MessageDigest.isEqual(expected, token.substring(cut + 1).getBytes(StandardCharsets.US_ASCII));
    }

    /** Checks signature and age of a token for a session with {@code secret}, at time {@code now}. */
    public static Verdict verify(String token, byte[] secret, int rotationSeconds, Instant now) {
        Claims claims = parse(token);
        if (claims == null || !signedWith(token, secret)) {
            return Verdict.INVALID;
        }
        long current = windowAt(now, rotationSeconds).index();
        if (claims.window() > current) {
            Instant starts = window(claims.window(), rotationSeconds).start();
            return claims.window() == current + 1 && !starts.isAfter(now.plus(FUTURE_SKEW)) ? Verdict.VALID : Verdict.INVALID;
        }
        return claims.window() >= current - 1 ? Verdict.VALID : Verdict.EXPIRED;
    }

    private static byte[] hmac(byte[] secret, String data) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
