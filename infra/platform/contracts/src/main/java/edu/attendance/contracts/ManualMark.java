package edu.attendance.contracts;

import java.time.Instant;

/**
 * A teacher's (or admin's) mark that overrides any decision, with who and why. {@code absenceOnly}: an approved absence
 * claim's excuse or a mark from an online meeting's report, which replaces an ABSENT decision (or none yet) and leaves a
 * PRESENT, LATE or FLAGGED one as it is (false in records written before it existed). {@code method}: the evidence it
 * stands on — {@code MANUAL} (the teacher's word; null in records written before it existed) or {@code MEETING}.
 */
public record ManualMark(String sessionId, String studentEmail, AttendanceStatus status, String reason, String markedBy,
                         Instant markedAt, boolean absenceOnly, CaptureMethod method) {

    /** A mark on the teacher's word. */
    public ManualMark(String sessionId, String studentEmail, AttendanceStatus status, String reason, String markedBy,
                      Instant markedAt, boolean absenceOnly) {
        this(sessionId, studentEmail, status, reason, markedBy, markedAt, absenceOnly, CaptureMethod.MANUAL);
    }

    /** How the decision it makes came about: the teacher's word unless it says otherwise. */
    public CaptureMethod decidedBy() {
        return method == null ? CaptureMethod.MANUAL : method;
    }

    /** A teacher's mark, which overrides whatever was decided. */
    public ManualMark(String sessionId, String studentEmail, AttendanceStatus status, String reason, String markedBy, Instant markedAt) {
        this(sessionId, studentEmail, status, reason, markedBy, markedAt, false);
    }
}
