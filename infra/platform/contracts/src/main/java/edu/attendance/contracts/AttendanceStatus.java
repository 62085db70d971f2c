package edu.attendance.contracts;

import java.time.Instant;

/** A student's state in a session. {@code PENDING} exists only in live views, never in history. */
public enum AttendanceStatus {
    PENDING, PRESENT, LATE, ABSENT, EXCUSED, FLAGGED;

    /**
     * Rule 5 (docs/rules.md), the one place it is decided — the capture's provisional answer and the stream's decision
     * both call it: a submission whose risk reaches the threshold is FLAGGED (its teacher decides); otherwise PRESENT if
     * captured before the late mark, LATE from it on.
     */
    public static AttendanceStatus ofSubmission(int riskScore, int riskThreshold, Instant capturedAt, Instant lateAt) {
        if (riskScore >= riskThreshold) {
            return FLAGGED;
        }
        return capturedAt.isBefore(lateAt) ? PRESENT : LATE;
    }

    /** Counts towards attendance. */
    public boolean attended() {
        return this == PRESENT || this == LATE;
    }
}
