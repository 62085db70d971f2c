package edu.attendance.ingest.capture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Wrong OTPs per student and session: one retry, then no more OTP attempts in that session (SPEC rule 3). */
@Component
public class OtpAttempts {

    public static final int ALLOWED_WRONG = 2;

    private final Cache<String, AtomicInteger> wrong = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(12)).maximumSize(2_000_000).build();

    public int wrongSoFar(UUID sessionId, String email) {
        AtomicInteger n = wrong.getIfPresent(sessionId + "|" + email);
        return n == null ? 0 : n.get();
    }

    public boolean exhausted(UUID sessionId, String email) {
        return wrongSoFar(sessionId, email) >= ALLOWED_WRONG;
    }

    /** Records a wrong code; returns how many attempts are left. */
    public int recordWrong(UUID sessionId, String email) {
        int n = wrong.get(sessionId + "|" + email, k -> new AtomicInteger()).incrementAndGet();
        return Math.max(0, ALLOWED_WRONG - n);
    }
}
