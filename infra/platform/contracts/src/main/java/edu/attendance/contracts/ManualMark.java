package edu.attendance.contracts;

import java.time.Instant;

/**
 * A teacher's (or admin's) mark that overrides any decision, with who and why. {@code absenceOnly}: an approved absence
 * claim's excuse, which replaces an ABSENT decision (or none yet) and leaves a PRESENT, LATE or FLAGGED one as it is
 * (false in records written before it existed).
 */
public record ManualMark(String sessionId, String studentEmail, AttendanceStatus status, String reason, String markedBy,
                         Instant markedAt, boolean absenceOnly) {

    /** A teacher's mark, which overrides whatever was decided. */
    public ManualMark(String sessionId, String studentEmail, AttendanceStatus status, String reason, String markedBy, Instant markedAt) {
        this(sessionId, studentEmail, status, reason, markedBy, markedAt, false);
    }
}
