package edu.attendance.contracts;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule 5: FLAGGED at the risk threshold, else PRESENT before the late mark and LATE from it on. */
class AttendanceStatusTest {

    static final Instant LATE_AT = Instant.parse("2026-12-07T09:05:00Z");

    @Test
    void theRiskThresholdFlagsWhateverTheTime() {
        assertThat(AttendanceStatus.ofSubmission(50, 50, LATE_AT.minusSeconds(60), LATE_AT)).isEqualTo(AttendanceStatus.FLAGGED);
        assertThat(AttendanceStatus.ofSubmission(90, 50, LATE_AT.plusSeconds(60), LATE_AT)).isEqualTo(AttendanceStatus.FLAGGED);
    }

    @Test
    void belowItTheLateMarkDecides() {
        assertThat(AttendanceStatus.ofSubmission(49, 50, LATE_AT.minusMillis(1), LATE_AT)).isEqualTo(AttendanceStatus.PRESENT);
        assertThat(AttendanceStatus.ofSubmission(0, 50, LATE_AT, LATE_AT)).as("at the mark: late").isEqualTo(AttendanceStatus.LATE);
        assertThat(AttendanceStatus.ofSubmission(0, 50, LATE_AT.plusSeconds(1), LATE_AT)).isEqualTo(AttendanceStatus.LATE);
    }
}
