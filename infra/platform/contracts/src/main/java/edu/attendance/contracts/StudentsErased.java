package edu.attendance.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Students erased from the roster and accounts (ingest), whose rows every other store must now remove. The students are
 * named by the SHA-256 of their e-mail only, so the event itself carries no personal data (ClickHouse matches
 * {@code lower(hex(SHA256(student_email)))}).
 */
public record StudentsErased(String erasureId, List<String> emailHashes, Instant at) {

    public StudentsErased {
        emailHashes = List.copyOf(emailHashes);
    }

    /** The lower-case hex SHA-256 of the lower-cased e-mail. */
    public static String hash(String email) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
