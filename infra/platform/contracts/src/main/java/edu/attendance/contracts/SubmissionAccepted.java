package edu.attendance.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A student's proof of presence that passed every hard check in ingest; the stream decides on it.
 * {@code capturedAt} is the server's receive time for online submissions and the device's capture
 * time (already checked against the token window) for offline ones.
 */
public record SubmissionAccepted(
        String submissionId,
        String sessionId,
        String studentEmail,
        CaptureMethod method,
        Instant capturedAt,
        Instant receivedAt,
        boolean offline,
        String deviceId,
        String clientAddress,
        int riskScore,
        List<String> flags) {

    public SubmissionAccepted {
        flags = flags == null ? List.of() : List.copyOf(flags);
    }
}
