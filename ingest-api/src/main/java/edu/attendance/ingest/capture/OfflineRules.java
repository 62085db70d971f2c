package edu.attendance.ingest.capture;

import edu.attendance.ingest.session.QrTokens;
import edu.attendance.platform.web.ErrorCode;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether an offline submission may still count (docs/rules.md rule 8): its token verified, the claimed capture
 * time inside that token's window or the grace window after it, inside the session, not in the future,
 * and the sync arriving within the policy limit after the session ended.
 */
final class OfflineRules {

    /** How far the device clock may run ahead of the server's. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private OfflineRules() {
    }

    /** Empty when acceptable; else the code to refuse with. */
    public static Optional<ErrorCode> check(Instant capturedAt, long tokenWindow, int rotationSeconds, Instant sessionStart,
                                            Instant sessionEnd, Instant now, Duration syncLimit) {
        if (capturedAt.isAfter(now.plus(CLOCK_SKEW))) {
            return Optional.of(ErrorCode.VALIDATION_FAILED);
        }
        QrTokens.Window w = QrTokens.window(tokenWindow, rotationSeconds);
        Instant validUntil = w.end().plusSeconds(rotationSeconds);
        if (capturedAt.isBefore(w.start().minus(QrTokens.FUTURE_SKEW)) || !capturedAt.isBefore(validUntil)) {
            return Optional.of(ErrorCode.QR_EXPIRED);
        }
        if (capturedAt.isBefore(sessionStart) || !capturedAt.isBefore(sessionEnd)) {
            return Optional.of(ErrorCode.SESSION_NOT_OPEN);
        }
        if (now.isAfter(sessionEnd.plus(syncLimit))) {
            return Optional.of(ErrorCode.OFFLINE_TOO_LATE);
        }
        return Optional.empty();
    }
}
