package edu.attendance.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.time.Instant;

/**
 * When each account was last heard from: the seconds of its recent authenticated requests (the API's and the WebSocket
 * handshake), as this instance saw them. An offline capture claims the phone had no network at its capture time; a
 * request of the same account at that very moment says otherwise (docs/rules.md rule 8). The last {@value #KEPT}
 * distinct seconds per account are kept, for {@value #HOURS} hours.
 */
public final class Presence {

    static final int KEPT = 32;
    static final int HOURS = 3;

    /** A ring of epoch seconds; {@code next} is where the next distinct second goes. */
    private static final class Seen {
        final long[] seconds = new long[KEPT];
        int next;
        long last = Long.MIN_VALUE;
    }

    private final Cache<String, Seen> accounts;

    public Presence(int capacity) {
        this.accounts = Caffeine.newBuilder().maximumSize(capacity).expireAfterAccess(Duration.ofHours(HOURS)).build();
    }

    /** The account made a request at {@code at}. */
    public void heard(String email, Instant at) {
        Seen seen = accounts.get(email, k -> new Seen());
        long second = at.getEpochSecond();
        synchronized (seen) {
            if (second == seen.last) {
                return;
            }
            seen.seconds[seen.next] = second;
            seen.next = (seen.next + 1) % KEPT;
            seen.last = second;
        }
    }

    /** Whether this instance heard from the account at some second between {@code from} and {@code to}, both included. */
    public boolean heardBetween(String email, Instant from, Instant to) {
        Seen seen = accounts.getIfPresent(email);
        if (seen == null) {
            return false;
        }
        long a = from.getEpochSecond();
        long b = to.getEpochSecond();
        synchronized (seen) {
            for (long s : seen.seconds) {
                if (s != 0 && s >= a && s <= b) {
                    return true;
                }
            }
        }
        return false;
    }
}
