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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque, rotating refresh tokens, stored only as SHA-256 hashes. Each refresh spends the token and issues the next one
 * of the same family. A spent token presented again within {@code attendance.auth.refresh-reuse-grace} of its use gets
 * the same successor (two tabs refreshing at once, an answer lost on a bad network) — kept sealed under a key derived
 * from the spent token, so the table alone opens nothing; after the grace, a reuse revokes the whole family (a stolen
 * token used after its owner). Signing out revokes the family at once.
 */
@Component
class RefreshTokens {

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
                SELECT family_id, email, expires_at, used_at IS NOT NULL OR revoked, revoked, used_at, successor_sealed
                FROM refresh_tokens WHERE token_hash = ? FOR UPDATE
                """).param(hash(token))
                .query(RefreshTokens::stored)
                .optional()
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED, "invalid refresh token"));
        UUID family = row.familyId();
        if (row.spent()) {
            String successor = row.revoked() ? null : withinGrace(token, row);
            if (successor != null) {
                return new Rotated(row.email(), successor, family);
            }
            revoke(family);
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "refresh token reused; every session of this login is revoked");
        }
        if (row.expiresAt().isBefore(clock.instant())) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "refresh token expired");
        }
        String email = row.email();
        String next = issue(email, family);
        jdbc.sql("UPDATE refresh_tokens SET used_at = ?, successor_sealed = ? WHERE token_hash = ?")
                .params(Timestamp.from(clock.instant()), Successors.seal(token, next), hash(token)).update();
        return new Rotated(email, next, family);
    }

    /**
     * Signing out: the login family of {@code token} is revoked — its refresh tokens and access tokens stop working on
     * every instance. An unknown token is no error (signing out twice, or after the family was revoked, is fine).
     */
    @Transactional
    public void signOut(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return;
        }
        jdbc.sql("SELECT family_id FROM refresh_tokens WHERE token_hash = ?").param(hash(token)).query(UUID.class).optional()
                .ifPresent(this::revoke);
    }

    private void revoke(UUID family) {
        jdbc.sql("UPDATE refresh_tokens SET revoked = true WHERE family_id = ?").param(family).update();
        // the family's access tokens stop working too: a trigger announces the row to every instance
        jdbc.sql("INSERT INTO revoked_families (family_id) VALUES (?) ON CONFLICT DO NOTHING").param(family).update();
        accounts.revoked(family);
    }

    /**
     * The live successor of a token spent less than the grace ago, following the chain while each link was spent within
     * the grace too (a tab that refreshed twice while another slept); null when the grace is over or the chain is broken.
     */
    private String withinGrace(String token, Stored row) {
        Instant now = clock.instant();
        String current = token;
        Stored at = row;
        for (int hop = 0; hop < 4; hop++) {
            if (at.usedAt() == null || at.sealed() == null || at.usedAt().plus(settings.refreshReuseGrace()).isBefore(now)) {
                return null;
            }
            String next = Successors.open(current, at.sealed());
            if (next == null) {
                return null;
            }
            Stored following = jdbc.sql("""
                    SELECT family_id, email, expires_at, used_at IS NOT NULL OR revoked, revoked, used_at, successor_sealed
                    FROM refresh_tokens WHERE token_hash = ? FOR UPDATE
                    """).param(hash(next)).query(RefreshTokens::stored).optional().orElse(null);
            if (following == null || following.revoked()) {
                return null;
            }
            if (!following.spent()) {
                return next;
            }
            current = next;
            at = following;
        }
        return null;
    }

    public record Issued(String refreshToken, UUID family) {
    }

    public record Rotated(String email, String refreshToken, UUID family) {
    }

    /** A stored refresh token: its login family, owner, expiry, whether it was used or revoked, and its sealed successor. */
    private record Stored(UUID familyId, String email, Instant expiresAt, boolean spent, boolean revoked, Instant usedAt,
                          byte[] sealed) {
    }

    private static Stored stored(ResultSet rs, int i) throws SQLException {
        Timestamp used = rs.getTimestamp(6);
        return new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getBoolean(4),
                rs.getBoolean(5), used == null ? null : used.toInstant(), rs.getBytes(7));
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
