package edu.attendance.ingest.capture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Token buckets (Bucket4j) per student and per address on every capture endpoint (docs/rules.md rule 10); over
 * the limit is {@code RATE_LIMITED} (429) with {@code Retry-After}. Addresses of the campus network are
 * limited per student only: a whole college may reach the platform through one NAT address.
 * <p>
 * With several ingest instances ({@code attendance.capture.claims=DATABASE}) each one's buckets would allow the limit
 * again: what each lets through is also added up in PostgreSQL per minute ({@code rate_counts}) about once a second
 * ({@code attendance.capture.rate-limit-sync}), never on a request's way, and a key the instances together let through
 * its limit in the last minute (this minute's count and the share of the previous minute's still inside the last sixty
 * seconds: a sliding window, so a flood does not start afresh on the minute) is refused by every instance until a sync
 * finds it under again. Spread over instances, a flood gets at most one sync interval's worth past the limit.
 */
@Component
class RateLimits {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(1_000_000).build();
    private final int perStudent;
    private final int perAddress;
    private final CampusNetwork campus;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean shared;
    /** Requests let through since the last sync, per key and window. */
    private final Map<Counted, AtomicInteger> unsynced = new ConcurrentHashMap<>();
    /** Keys the instances together let through their limit in the last minute, as of the last sync. */
    private volatile Set<String> over = Set.of();

    private record Counted(String key, Instant window) {
    }

    public RateLimits(AttendanceProperties props, CampusNetwork campus, JdbcClient jdbc, Clock clock) {
        this.campus = campus;
        this.jdbc = jdbc;
        this.clock = clock;
        this.perStudent = props.capture().perStudentPerMinute();
        this.perAddress = props.capture().perAddressPerMinute();
        this.shared = props.capture().claims() == AttendanceProperties.Capture.Claims.DATABASE;
    }

    /** Per student always; per address unless it is the campus network (a whole college behind one NAT). */
    public void check(String studentEmail, String address) {
        take("s:" + studentEmail, perStudent);
        if (!campus.contains(address)) {
            take("a:" + address, perAddress);
        }
    }

    private void take(String key, int perMinute) {
        if (over.contains(key)) {
            Instant now = clock.instant();
            throw limited(Math.max(1, Duration.between(now, window(now).plus(WINDOW)).toSeconds()));
        }
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw limited(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
        }
        if (shared) {
            unsynced.computeIfAbsent(new Counted(key, window(clock.instant())), c -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static ApiException limited(long seconds) {
        return new ApiException(ErrorCode.RATE_LIMITED, "too many capture requests; retry in " + seconds + " s",
                Map.of("retryAfterSeconds", seconds));
    }

    private static Instant window(Instant t) {
        return Instant.ofEpochSecond(t.getEpochSecond() - Math.floorMod(t.getEpochSecond(), WINDOW.toSeconds()));
    }

    /**
     * Adds what this instance let through to the platform's counts and learns which keys are at their limit in the last
     * minute; forgets windows two minutes old. A failure leaves the counts for the next run (and the keys refused as
     * they were).
     */
    @Scheduled(fixedDelayString = "${attendance.capture.rate-limit-sync:1s}", initialDelayString = "${attendance.capture.rate-limit-sync:1s}")
    void sync() {
        if (!shared) {
            return;
        }
        Instant now = clock.instant();
        Instant current = window(now);
        // how much of the previous minute is still inside the last sixty seconds
        double previousShare = 1 - Duration.between(current, now).toMillis() / (double) WINDOW.toMillis();
        Map<Counted, Integer> batch = new java.util.HashMap<>();
        for (Counted c : Set.copyOf(unsynced.keySet())) {
            AtomicInteger n = unsynced.remove(c);
            if (n != null) {
                batch.put(c, n.get());
            }
        }
        try {
            Set<String> keys = new HashSet<>();
            if (!batch.isEmpty()) {
                String[] names = new String[batch.size()];
                Timestamp[] windows = new Timestamp[batch.size()];
                Integer[] counts = new Integer[batch.size()];
                int i = 0;
                for (Map.Entry<Counted, Integer> e : batch.entrySet()) {
                    names[i] = e.getKey().key();
                    windows[i] = Timestamp.from(e.getKey().window());
                    counts[i++] = e.getValue();
                }
                jdbc.sql("""
                                INSERT INTO rate_counts AS r (key, window_start, n)
                                SELECT * FROM unnest(?::text[], ?::timestamptz[], ?::int[])
                                ON CONFLICT (key, window_start) DO UPDATE SET n = r.n + EXCLUDED.n""")
                        .params(names, windows, counts).update();
            }
            // every key at its limit in the last minute, whichever instances let the requests through
            jdbc.sql("""
                            SELECT key FROM rate_counts WHERE window_start IN (?, ?)
                            GROUP BY key
                            HAVING sum(CASE WHEN window_start = ? THEN n ELSE n * ? END)
                                   >= CASE WHEN key LIKE 's:%' THEN ? ELSE ? END""")
                    .params(Timestamp.from(current), Timestamp.from(current.minus(WINDOW)), Timestamp.from(current), previousShare,
                            perStudent, perAddress)
                    .query((RowCallbackHandler) rs -> keys.add(rs.getString(1)));
            over = Set.copyOf(keys);
            jdbc.sql("DELETE FROM rate_counts WHERE window_start < ?").param(Timestamp.from(current.minus(WINDOW))).update();
        } catch (RuntimeException e) {
            batch.forEach((c, n) -> unsynced.computeIfAbsent(c, k -> new AtomicInteger()).addAndGet(n));
            log.warn("could not add up the capture rate limits with the other instances: {}", e.toString());
        }
    }
}
