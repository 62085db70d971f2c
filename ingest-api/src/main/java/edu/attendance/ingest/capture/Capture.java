package edu.attendance.ingest.capture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import edu.attendance.contracts.SubmissionAccepted;
import edu.attendance.contracts.SubmissionRejected;
import edu.attendance.contracts.Topics;
import edu.attendance.ingest.device.Devices;
import edu.attendance.ingest.session.OpenSession;
import edu.attendance.ingest.session.QrTokens;
import edu.attendance.ingest.session.Sessions;
import edu.attendance.ingest.support.Blocking;
import edu.attendance.ingest.support.EventPublisher;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The capture path (SPEC rules 2, 4, 6): device, token, session, enrolment and single-mark checks in
 * memory, each failure with its own code, then the submission is published and acknowledged by Kafka
 * before the student gets 202. Answers are remembered by {@code submissionId}, so a retry gets the same
 * answer and never a second record. Rejections are published too, for analytics.
 */
@Component
public class Capture {

    public record Scan(UUID submissionId, String qrToken, Instant capturedAt, boolean offline) {
    }

    public record Accepted(UUID submissionId, UUID sessionId, String status, String provisional) {
    }

    private record Remembered(String studentEmail, Accepted answer) {
    }

    private final Sessions sessions;
    private final Devices devices;
    private final EventPublisher events;
    private final Clock clock;
    private final Cache<UUID, Remembered> answers = Caffeine.newBuilder()
            .maximumSize(2_000_000).expireAfterWrite(Duration.ofHours(12)).build();

    public Capture(Sessions sessions, Devices devices, EventPublisher events, Clock clock) {
        this.sessions = sessions;
        this.devices = devices;
        this.events = events;
        this.clock = clock;
    }

    public Mono<Accepted> scan(CurrentUser student, String deviceUuid, String fingerprint, String address, Scan scan) {
        Remembered seen = answers.getIfPresent(scan.submissionId());
        if (seen != null) {
            if (!seen.studentEmail().equals(student.email())) {
                return Mono.error(new ApiException(ErrorCode.CONFLICT, "submissionId already used"));
            }
            return Mono.just(seen.answer());
        }
        return Blocking.call(() -> validate(student, deviceUuid, fingerprint, scan))
                .onErrorResume(ApiException.class, e -> {
                    reject(student, deviceUuid, address, scan, e.code());
                    return Mono.error(e);
                })
                .flatMap(s -> publish(student, deviceUuid, address, scan, s));
    }

    private OpenSession validate(CurrentUser student, String deviceUuid, String fingerprint, Scan scan) {
        switch (devices.check(student.email(), deviceUuid, fingerprint)) {
            case OK -> {
            }
            case PENDING -> throw new ApiException(ErrorCode.DEVICE_PENDING, "this device awaits approval");
            case BLOCKED -> throw new ApiException(ErrorCode.DEVICE_BLOCKED, "this device is blocked");
            case MISMATCH -> throw new ApiException(ErrorCode.DEVICE_MISMATCH, "this is not your active device");
        }
        QrTokens.Claims claims = QrTokens.parse(scan.qrToken());
        if (claims == null) {
            throw new ApiException(ErrorCode.QR_INVALID, "not a QR token of this platform");
        }
        OpenSession s = sessions.find(claims.sessionId())
                .orElseThrow(() -> new ApiException(ErrorCode.QR_INVALID, "not a QR token of this platform"));
        Instant now = clock.instant();
        switch (QrTokens.verify(scan.qrToken(), s.secret(), s.rotationSeconds(), now)) {
            case INVALID -> throw new ApiException(ErrorCode.QR_INVALID, "the QR token's signature does not verify");
            case EXPIRED -> throw new ApiException(ErrorCode.QR_EXPIRED, "the QR code has rotated; scan the current one");
            case VALID -> {
            }
        }
        if (!s.isOpenAt(now)) {
            throw new ApiException(ErrorCode.SESSION_NOT_OPEN, "the session is closed");
        }
        if (!s.accepts("QR")) {
            throw new ApiException(ErrorCode.QR_INVALID, "this session takes the OTP only");
        }
        if (!s.enrolled(student.email())) {
            throw new ApiException(ErrorCode.NOT_ENROLLED, "you are not enrolled in this session's class");
        }
        return s;
    }

    private Mono<Accepted> publish(CurrentUser student, String deviceUuid, String address, Scan scan, OpenSession s) {
        if (!s.mark(student.email())) {
            return Mono.error(new ApiException(ErrorCode.ALREADY_MARKED, "you are already marked in this session"));
        }
        Instant now = clock.instant();
        String deviceId = devices.activeDeviceId(student.email()).map(UUID::toString).orElse(deviceUuid);
        SubmissionAccepted event = new SubmissionAccepted(scan.submissionId().toString(), s.sessionId().toString(),
                student.email(), "QR", now, now, false, deviceId, address, 0, List.of());
        Accepted answer = new Accepted(scan.submissionId(), s.sessionId(), "ACCEPTED",
                now.isBefore(s.lateAt()) ? "PRESENT" : "LATE");
        return events.publish(Topics.SUBMISSIONS, s.sessionId().toString(), event)
                .doOnError(e -> s.unmark(student.email()))
                .then(Mono.fromSupplier(() -> {
                    answers.put(scan.submissionId(), new Remembered(student.email(), answer));
                    return answer;
                }));
    }

    private void reject(CurrentUser student, String deviceUuid, String address, Scan scan, ErrorCode code) {
        QrTokens.Claims claims = QrTokens.parse(scan.qrToken());
        String sessionId = claims == null ? "" : claims.sessionId().toString();
        events.publishQuietly(Topics.REJECTIONS, sessionId, new SubmissionRejected(scan.submissionId().toString(),
                sessionId, student.email(), "QR", code.name(), clock.instant(), deviceUuid, address));
    }
}
