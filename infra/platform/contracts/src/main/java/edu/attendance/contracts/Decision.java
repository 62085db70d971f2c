package edu.attendance.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The verdict for one student in one session. A later decision for the same pair carries a higher
 * {@code version} and supersedes the earlier one (manual override, flagged → accepted, absent → a
 * submission captured before close that arrived after it). {@code previousStatus} is the status this
 * version replaces ({@code null} for version 1), so rollups can move a count instead of adding one.
 */
public record Decision(
        String sessionId,
        String studentEmail,
        String subjectId,
        String classId,
        LocalDate date,
        AttendanceStatus status,
        CaptureMethod method,
        Instant at,
        Instant decidedAt,
        boolean offline,
        String submissionId,
        List<String> flags,
        int version,
        AttendanceStatus previousStatus) {

    public Decision {
        flags = flags == null ? List.of() : List.copyOf(flags);
    }
}
