package edu.attendance.ingest.capture;

import edu.attendance.ingest.session.QrTokens;
import edu.attendance.platform.web.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineRulesTest {

    static final int ROTATION = 10;
    static final Instant START = Instant.parse("2026-11-21T09:00:00Z");
    static final Instant END = START.plusSeconds(3600);
    static final Duration LIMIT = Duration.ofHours(2);
    static final long WINDOW = QrTokens.windowAt(START.plusSeconds(120), ROTATION).index(); // 09:02:00–09:02:10

    static Optional<ErrorCode> check(Instant captured, Instant now) {
        return OfflineRules.check(captured, WINDOW, ROTATION, START, END, now, LIMIT);
    }

    @Test
    void aCaptureInsideTheTokensWindowSyncedLaterIsAccepted() {
        assertThat(check(START.plusSeconds(121), START.plusSeconds(900))).isEmpty();
        // within the grace window that follows the token's own
        assertThat(check(START.plusSeconds(139), END.plusSeconds(60))).isEmpty();
    }

    @Test
    void aCaptureTimeOutsideTheTokensWindowIsExpired() {
        assertThat(check(START.plusSeconds(140), START.plusSeconds(900))).contains(ErrorCode.QR_EXPIRED);
        assertThat(check(START.plusSeconds(100), START.plusSeconds(900))).contains(ErrorCode.QR_EXPIRED);
    }

    @Test
    void syncedPastThePolicyLimitIsTooLate() {
        assertThat(check(START.plusSeconds(121), END.plus(LIMIT))).isEmpty();
        assertThat(check(START.plusSeconds(121), END.plus(LIMIT).plusMillis(1))).contains(ErrorCode.OFFLINE_TOO_LATE);
    }

    @Test
    void aCaptureOutsideTheSessionIsNotOpen() {
        long windowAfter = QrTokens.windowAt(END.plusSeconds(5), ROTATION).index();
        assertThat(OfflineRules.check(END.plusSeconds(5), windowAfter, ROTATION, START, END, END.plusSeconds(60), LIMIT))
                .contains(ErrorCode.SESSION_NOT_OPEN);
        long windowBefore = QrTokens.windowAt(START.minusSeconds(30), ROTATION).index();
        assertThat(OfflineRules.check(START.minusSeconds(25), windowBefore, ROTATION, START, END, START.plusSeconds(60), LIMIT))
                .contains(ErrorCode.SESSION_NOT_OPEN);
    }

    @Test
    void aCaptureClaimedInTheFutureIsRefused() {
        assertThat(check(START.plusSeconds(121), START.plusSeconds(100))).contains(ErrorCode.VALIDATION_FAILED);
    }
}
