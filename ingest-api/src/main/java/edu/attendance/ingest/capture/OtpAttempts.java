package edu.attendance.ingest.capture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wrong OTPs per student and session: one retry, then no more OTP attempts in that session (docs/rules.md rule 3). Every
 * wrong code counts as an attempt; only guesses (codes this session never showed lately) count as evidence.
 */
@Component
class OtpAttempts {

    public static final int ALLOWED_WRONG = 2;

    private final Cache<String, AtomicInteger> wrong = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(12)).maximumSize(2_000_000).build();
    private final Cache<String, AtomicInteger> guesses = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(12)).maximumSize(2_000_000).build();

    public int wrongSoFar(UUID sessionId, String email) {
        AtomicInteger n = wrong.getIfPresent(sessionId + "|" + email);
        return n == null ? 0 : n.get();
    }

    /** Wrong codes that were never this session's recent codes: guessing, the WRONG_OTP signal. */
    public int guessesSoFar(UUID sessionId, String email) {
        AtomicInteger n = guesses.getIfPresent(sessionId + "|" + email);
        return n == null ? 0 : n.get();
    }

    public boolean exhausted(UUID sessionId, String email) {
        return wrongSoFar(sessionId, email) >= ALLOWED_WRONG;
    }

    /** Records a wrong code ({@code guess}: not a code the session showed lately); returns how many attempts are left. */
    public int recordWrong(UUID sessionId, String email, boolean guess) {
        if (guess) {
            guesses.get(sessionId + "|" + email, k -> new AtomicInteger()).incrementAndGet();
        }
        int n = wrong.get(sessionId + "|" + email, k -> new AtomicInteger()).incrementAndGet();
        return Math.max(0, ALLOWED_WRONG - n);
    }
}
