package edu.attendance.ingest.auth;

import edu.attendance.platform.security.Accounts;
import edu.attendance.platform.security.AuthSettings;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque, rotating refresh tokens, stored only as SHA-256 hashes. Each refresh spends the token and
 * issues the next one of the same family; presenting a spent token again revokes the whole family.
 */
@Component
public class RefreshTokens {

    private final JdbcClient jdbc;
    private final AuthSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private final Accounts accounts;

    public RefreshTokens(JdbcClient jdbc, AuthSettings settings, Clock clock, Accounts accounts) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** A new login: the first refresh token of a new family. */
    public Issued issue(String email) {
        UUID family = UUID.randomUUID();
        return new Issued(issue(email, family), family);
    }

    private String issue(String email, UUID family) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        jdbc.sql("INSERT INTO refresh_tokens (token_hash, family_id, email, expires_at) VALUES (?, ?, ?, ?)")
                .params(hash(token), family, email,
                        Timestamp.from(clock.instant().plus(settings.refreshTokenTtl())))
                .update();
        return token;
    }

    /** Spends {@code token} and returns the owner's e-mail and a new token of the same family. */
    @Transactional(noRollbackFor = ApiException.class)
    public Rotated rotate(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "invalid refresh token");
        }
        var row = jdbc.sql("""
                SELECT family_id, email, expires_at, used_at IS NOT NULL OR revoked AS spent
                FROM refresh_tokens WHERE token_hash = ? FOR UPDATE
                """).param(hash(token))
                .query((rs, i) -> new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getBoolean(4)))
                .optional()
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED, "invalid refresh token"));
        UUID family = row.familyId();
        if (row.spent()) {
            jdbc.sql("UPDATE refresh_tokens SET revoked = true WHERE family_id = ?").param(family).update();
            // the family's access tokens stop working too: a trigger announces the row to every instance
            jdbc.sql("INSERT INTO revoked_families (family_id) VALUES (?) ON CONFLICT DO NOTHING").param(family).update();
            accounts.revoked(family);
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "refresh token reused; every session of this login is revoked");
        }
        if (row.expiresAt().isBefore(clock.instant())) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "refresh token expired");
        }
        jdbc.sql("UPDATE refresh_tokens SET used_at = now() WHERE token_hash = ?").param(hash(token)).update();
        String email = row.email();
        return new Rotated(email, issue(email, family), family);
    }

    public record Issued(String refreshToken, UUID family) {
    }

    public record Rotated(String email, String refreshToken, UUID family) {
    }

    /** A stored refresh token: its login family, owner, expiry, and whether it was used or revoked. */
    private record Stored(UUID familyId, String email, Instant expiresAt, boolean spent) {
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
