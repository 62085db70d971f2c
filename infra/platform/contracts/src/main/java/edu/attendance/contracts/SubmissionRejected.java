package edu.attendance.contracts;

import java.time.Instant;

/** A submission refused with a stable error code; recorded for analytics and alerts. */
public record SubmissionRejected(
        String submissionId,
        String sessionId,
        String studentEmail,
        CaptureMethod method,
        String code,
        Instant receivedAt,
        String deviceId,
        String clientAddress) {
}
