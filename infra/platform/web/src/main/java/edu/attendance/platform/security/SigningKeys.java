package edu.attendance.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The keys that sign access tokens, held by the issuer only: a JWK set file (owner-only), the signing key first, the
 * keys after it still verifying the tokens they signed. Generated on first start when absent (the embedded run); a
 * file of one bare JWK (as written before rotation existed) is read as a set of one.
 *
 * <p>Rotation ({@link #rotate}, {@code ./attendance keys rotate}) puts a new key first and keeps the previous signing
 * key behind it: tokens signed before go on verifying until they expire (an access token lives 15 minutes), so nobody
 * is signed out. The file is re-read when it changes — checked at most every {@link #RECHECK_NANOS}, and at once for a
 * token naming a key not known yet — so a running issuer, and every instance sharing the file, follows a rotation
 * without a restart. Public keys are published at {@code /.well-known/jwks.json} for the services that only verify.
 */
public final class SigningKeys implements IssuerKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    public static final long RECHECK_NANOS = 2_000_000_000L;
    /** A token naming an unknown key makes the file be checked again, but not more often than this (a flood of made-up ids). */
    public static final long UNKNOWN_KEY_RECHECK_NANOS = 100_000_000L;

    /** The file as last read: its signing key, its public keys, and when it was written. */
    private record Snapshot(RSAKey signing, List<JWK> publicKeys, Object version, long checkedAt) {
    }

    private final Path file;
    private final LongSupplier nanoTime;
    private volatile Snapshot snapshot;

    public SigningKeys(Path file) {
        this(file, System::nanoTime);
    }

    /** {@code nanoTime}: the monotonic clock the re-checks are timed by (a test's own). */
    public SigningKeys(Path file, LongSupplier nanoTime) {
        this.file = file;
        this.nanoTime = nanoTime;
        KeyFiles.loadOrCreate(file, () -> {
            log.info("generating a new token signing key at {}", file);
            return new JWKSet(newKey()).toString(false);
        });
        this.snapshot = read(nanoTime.getAsLong());
    }

    /** The key new tokens are signed with. */
    public RSAKey signing() {
        return fresh(RECHECK_NANOS).signing();
    }

    @Override
    public Optional<JWK> publicKey(String keyId) {
        Optional<JWK> known = find(fresh(RECHECK_NANOS), keyId);
        return known.isPresent() ? known : find(fresh(UNKNOWN_KEY_RECHECK_NANOS), keyId);
    }

    @Override
    public List<JWK> publicKeys() {
        return fresh(RECHECK_NANOS).publicKeys();
    }

    /** The published set: public parts only. */
    public JWKSet publicSet() {
        return new JWKSet(publicKeys());
    }

    private static Optional<JWK> find(Snapshot s, String keyId) {
        return s.publicKeys().stream().filter(k -> keyId.equals(k.getKeyID())).findFirst();
    }

    private Snapshot fresh(long recheckNanos) {
        Snapshot s = snapshot;
        long now = nanoTime.getAsLong();
        if (now - s.checkedAt() < recheckNanos) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (now - s.checkedAt() < recheckNanos) {
                return s;
            }
            try {
                s = version().equals(s.version()) ? new Snapshot(s.signing(), s.publicKeys(), s.version(), now) : read(now);
            } catch (IOException | RuntimeException e) {
                // a file being replaced, or a bad edit: keep signing with what was read last, and say so
                log.warn("cannot re-read the token signing keys at {}: {} (the keys read before stay in use)", file, e.toString());
                s = new Snapshot(s.signing(), s.publicKeys(), s.version(), now);
            }
            snapshot = s;
            return s;
        }
    }

    private Snapshot read(long now) {
        try {
            Object version = version();
            List<RSAKey> keys = parse(Files.readString(file, StandardCharsets.UTF_8));
            List<JWK> publicKeys = keys.stream().<JWK>map(RSAKey::toPublicJWK).toList();
            Snapshot previous = snapshot;
            if (previous != null && !previous.signing().getKeyID().equals(keys.getFirst().getKeyID())) {
                log.info("token signing key rotated: now {} ({} keys verify)", keys.getFirst().getKeyID(), keys.size());
            }
            return new Snapshot(keys.getFirst(), publicKeys, version, now);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token signing keys at " + file, e);
        }
    }

    /** Which file this is: a rotation moves a new file into place (a new inode) and writes it (a new time). */
    private Object version() throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return List.of(a.lastModifiedTime(), String.valueOf(a.fileKey()), a.size());
    }

    /** The keys of a file: a JWK set (the signing key first) or one bare JWK; each a private RSA key with an id. */
    public static List<RSAKey> parse(String text) {
        try {
            String json = text.strip();
            List<JWK> keys = json.contains("\"keys\"") ? JWKSet.parse(json).getKeys() : List.of(JWK.parse(json));
            List<RSAKey> rsa = new ArrayList<>();
            for (JWK k : keys) {
                if (!(k instanceof RSAKey r) || !r.isPrivate() || r.getKeyID() == null || r.getKeyID().isBlank()) {
                    throw new IllegalStateException("every token signing key must be a private RSA key with a kid");
                }
                rsa.add(r);
            }
            if (rsa.isEmpty()) {
                throw new IllegalStateException("the token signing key file holds no key");
            }
            return rsa;
        } catch (ParseException e) {
            throw new IllegalStateException("the token signing key file is not a JWK set: " + e.getMessage(), e);
        }
    }

    public static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new signing key first, the current one kept behind it to verify the tokens it signed; older keys are dropped
     * (their tokens have expired when rotations are at least an access token's lifetime apart — and a token refused
     * earlier only makes its app refresh). Written owner-only and moved into place atomically. Returns the key ids,
     * the new one first.
     */
    public static List<String> rotate(Path file) {
        try {
            List<RSAKey> keys = Files.exists(file) ? parse(Files.readString(file, StandardCharsets.UTF_8)) : List.of();
            List<JWK> next = new ArrayList<>();
            next.add(newKey());
            if (!keys.isEmpty()) {
                next.add(keys.getFirst());
            }
            KeyFiles.replace(file, new JWKSet(next).toString(false));
            return next.stream().map(JWK::getKeyID).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate the token signing keys at " + file, e);
        }
    }
}
