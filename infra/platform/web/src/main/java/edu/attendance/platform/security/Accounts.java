package edu.attendance.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import edu.attendance.platform.postgres.ChangeFeed;
import edu.attendance.platform.web.Blocking;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import reactor.core.publisher.Mono;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an access token may do is what the database says now: the account's current role, whether it is still
 * there and verified, and whether the token's login family was revoked. An access token names its subject and
 * family; the role it carries is only what was true when it was signed.
 *
 * <p>Read from ingest's {@code users} and {@code revoked_families} tables (the accounts' published read side), kept
 * in memory and dropped on every change: triggers on those tables announce each changed e-mail on the
 * {@value #ACCOUNTS} channel and each revoked family on {@value #FAMILIES} (a change made with {@code psql} counts
 * too), and a gap in listening forgets everything. So a scan needs no database read for a known account, and a
 * demoted, deleted or revoked caller is refused from the next request after the change reaches this instance
 * (the feed's delay: milliseconds). Every revoked family younger than an access token's lifetime is held in memory
 * (a handful).
 */
public final class Accounts {

    public static final String ACCOUNTS = "accounts";
    public static final String FAMILIES = "families";

    /** An account as the database has it now. */
    public record Standing(String email, Role role, boolean verified, boolean blocked) {
    }

    private static final Optional<Standing> ABSENT = Optional.empty();

    private final ObjectProvider<JdbcClient> jdbc;
    private final ObjectProvider<ChangeFeed> feed;
    private final Clock clock;
    private final Duration tokenLifetime;
    private final Cache<String, Optional<Standing>> standings;
    /** Bumped by every change heard: a read that began before one does not store what it read. */
    private final AtomicLong generation = new AtomicLong();
    private final Map<UUID, Instant> revokedFamilies = new ConcurrentHashMap<>();
    private final AtomicLong familiesGeneration = new AtomicLong();
    private volatile boolean familiesLoaded;
    private final AtomicBoolean listening = new AtomicBoolean();

    public Accounts(ObjectProvider<JdbcClient> jdbc, ObjectProvider<ChangeFeed> feed, Clock clock, Duration tokenLifetime,
                    int capacity) {
        this.jdbc = jdbc;
        this.feed = feed;
        this.clock = clock;
        this.tokenLifetime = tokenLifetime;
        // a long life is safe because every change drops its entry; the expiry only bounds what an idle account costs
        this.standings = Caffeine.newBuilder().maximumSize(capacity).expireAfterWrite(Duration.ofHours(12)).build();
    }

    /** The account of {@code email} as the database has it now; empty when there is none. */
    public Mono<Optional<Standing>> standing(String email) {
        listen();
        Optional<Standing> known = standings.getIfPresent(email);
        if (known != null) {
            return Mono.just(known);
        }
        long seen = generation.get();
        return Blocking.call(() -> {
            Optional<Standing> read = jdbc.getObject()
                    .sql("SELECT email, role, verified, blocked FROM users WHERE email = ?").param(email)
                    .query((rs, i) -> new Standing(rs.getString(1), role(rs.getString(2)), rs.getBoolean(3), rs.getBoolean(4)))
                    .optional();
            remember(email, read, seen);
            return read;
        });
    }

    /** Keeps what a sign-in just read of an account, so its first requests need no read of their own. */
    public void signedIn(Standing standing, long readAtGeneration) {
        remember(standing.email(), Optional.of(standing), readAtGeneration);
    }

    /** Call before reading an account to hand to {@link #signedIn}. */
    public long generation() {
        return generation.get();
    }

    /**
     * This instance changed the account (its role, verification or block) in the caller's transaction: forget it now,
     * not only when the database's notice arrives. The notice still comes and drops a copy read before the commit.
     */
    public void changed(String email) {
        generation.incrementAndGet();
        standings.invalidate(email);
    }

    /** This instance revoked a login family: its access tokens are refused from now on here too. */
    public void revoked(UUID family) {
        revokedFamilies.put(family, clock.instant());
    }

    private void remember(String email, Optional<Standing> read, long seen) {
        standings.asMap().compute(email, (k, old) -> generation.get() == seen ? read : old);
    }

    /** Whether the login family an access token belongs to was revoked (a refresh token used twice). */
    public Mono<Boolean> familyRevoked(UUID family) {
        listen();
        if (familiesLoaded) {
            return Mono.just(revokedFamilies.containsKey(family));
        }
        return Blocking.call(() -> {
            loadFamilies();
            return revokedFamilies.containsKey(family);
        });
    }

    private synchronized void loadFamilies() {
        if (familiesLoaded) {
            return;
        }
        long seen = familiesGeneration.get();
        Instant since = clock.instant().minus(tokenLifetime).minus(Duration.ofMinutes(1));
        jdbc.getObject().sql("SELECT family_id, revoked_at FROM revoked_families WHERE revoked_at > ?")
                .param(Timestamp.from(since))
                .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant()))
                .list()
                .forEach(e -> revokedFamilies.put(e.getKey(), e.getValue()));
        revokedFamilies.values().removeIf(at -> at.isBefore(since));
        familiesLoaded = familiesGeneration.get() == seen;
    }

    private void listen() {
        if (listening.get() || !listening.compareAndSet(false, true)) {
            return;
        }
        ChangeFeed changes = feed.getIfAvailable();
        if (changes == null) {
            return;
        }
        changes.listen(ACCOUNTS, email -> {
            generation.incrementAndGet();
            standings.invalidate(email);
        }, () -> {
            generation.incrementAndGet();
            standings.invalidateAll();
        });
        changes.listen(FAMILIES, family -> {
            try {
                revokedFamilies.put(UUID.fromString(family), clock.instant());
            } catch (IllegalArgumentException notAFamily) {
                familiesGeneration.incrementAndGet();
                familiesLoaded = false;
            }
        }, () -> {
            familiesGeneration.incrementAndGet();
            familiesLoaded = false;
        });
    }

    private static Role role(String name) {
        try {
            return Role.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
