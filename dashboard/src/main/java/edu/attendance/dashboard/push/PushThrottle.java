package edu.attendance.dashboard.push;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much Web Push goes out (docs/rules.md, rule 9): a few notices per account per minute — a teacher opening and
 * closing sessions in a loop cannot flood a class's phones — and nothing to a push service that asked to be left alone
 * ({@code 429}/{@code 503} with {@code Retry-After}) until the time it named. What is held back is dropped, not queued:
 * a notice is a courtesy, the app shows the open session anyway.
 */
final class PushThrottle {

    /** A push service that names no time is left alone this long; one that names more than an hour, an hour. */
    static final Duration DEFAULT_BACK_OFF = Duration.ofSeconds(60);
    static final Duration MAX_BACK_OFF = Duration.ofHours(1);

    private record Window(Instant start, int count) {
    }

    private final Clock clock;
    private final int perAccountPerMinute;
    private final Map<String, Window> accounts;
    private final Map<String, Instant> quietUntil;

    PushThrottle(Clock clock, int perAccountPerMinute, int maxTracked) {
        this.clock = clock;
        this.perAccountPerMinute = perAccountPerMinute;
        this.accounts = bounded(maxTracked);
        this.quietUntil = bounded(maxTracked);
    }

    private static <V> Map<String, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    /** One more notice to this account now, if its minute has room (a fixed window from its first notice). */
    synchronized boolean admit(String account) {
        Instant now = clock.instant();
        Window w = accounts.get(account);
        if (w == null || !now.isBefore(w.start().plus(Duration.ofMinutes(1)))) {
            accounts.put(account, new Window(now, 1));
            return true;
        }
        if (w.count() >= perAccountPerMinute) {
            return false;
        }
        accounts.put(account, new Window(w.start(), w.count() + 1));
        return true;
    }

    /** This endpoint or push service may be sent to now. */
    synchronized boolean open(String key) {
        Instant until = quietUntil.get(key);
        if (until == null) {
            return true;
        }
        if (clock.instant().isBefore(until)) {
            return false;
        }
        quietUntil.remove(key);
        return true;
    }

    /** The push service asked to be left alone: its {@code Retry-After} (seconds or an HTTP date), else the default. */
    synchronized void backOff(String key, String retryAfter) {
        Instant now = clock.instant();
        Duration wait = retryAfter(retryAfter, now);
        quietUntil.put(key, now.plus(wait));
    }

    /** A {@code Retry-After} value as a wait from {@code now}, between 1 s and {@link #MAX_BACK_OFF}. */
    static Duration retryAfter(String value, Instant now) {
        Duration wait = DEFAULT_BACK_OFF;
        if (value != null && !value.isBlank()) {
            String v = value.strip();
            try {
                wait = v.chars().allMatch(Character::isDigit) && v.length() <= 9 ? Duration.ofSeconds(Long.parseLong(v))
                        : Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                wait = DEFAULT_BACK_OFF;
            }
        }
        if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return wait.compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : wait;
    }
}
