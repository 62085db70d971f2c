package edu.attendance.contracts;

import java.time.Instant;

/** A teacher's (or admin's) mark that overrides any decision, with who and why. */
public record ManualMark(String sessionId, String studentEmail, AttendanceStatus status, String reason, String markedBy,
                         Instant markedAt) {
}
