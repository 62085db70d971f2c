package edu.attendance.ingest.capture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.contracts.SubmissionAccepted;
import edu.attendance.contracts.SubmissionRejected;
import edu.attendance.contracts.Topics;
import edu.attendance.ingest.device.DeviceKeys;
import edu.attendance.ingest.device.Devices;
import edu.attendance.ingest.session.OpenSession;
import edu.attendance.ingest.support.EventPublisher;
import edu.attendance.ingest.session.OtpCodes;
import edu.attendance.ingest.session.Position;
import edu.attendance.ingest.session.QrTokens;
import edu.attendance.ingest.session.Sessions;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.disk.DataDisk;
import edu.attendance.platform.security.Accounts;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The capture path (docs/rules.md rules 2–4 and 6–8): rate limits, device, token or OTP, session, enrolment and
 * single-mark checks in memory, each failure with its own code; then the anti-proxy signals are scored
 * and the submission is published, and the student gets 202 only once Kafka acknowledged it. Accepted
 * answers are remembered by {@code submissionId} (a retry gets the same answer and no second record);
 * refusals are published too, for analytics and alerts.
 */
@Component
class Capture {

    /** One proof of presence: a QR token (online or offline) or an OTP (online). */
    /** {@code networkRtt}: the phone's own measure of its network (online QR only; null when it sent none). */
    /** {@code leftApp}: how the student left the app while the code was on their screen, as the app counted it (or null). */
    /** {@code proof}: the device key's signature over this code ({@link DeviceKeys#captureChallenge}), or null. */
    public record Submission(UUID submissionId, CaptureMethod method, String qrToken, String otp, UUID sessionId,
                             Instant capturedAt, boolean offline, Position location, Duration networkRtt, RiskScore.LeftApp leftApp,
                             DeviceKeys.Proof proof) {

        /** The code this submission proves presence with, as the device key signs it. */
        String code() {
            return method == CaptureMethod.OTP ? DeviceKeys.otpCode(sessionId, otp) : DeviceKeys.qrCode(qrToken);
        }
    }

    public record Accepted(UUID submissionId, UUID sessionId, String status, String provisional) {
    }

    /** One item of an offline batch: accepted (with its provisional status), or refused with its code. */
    public record ItemOutcome(UUID submissionId, UUID sessionId, String provisional, ErrorCode refused) {
        public boolean accepted() {
            return refused == null;
        }
    }

    /** The student and the device the request came from. */
    public record Caller(CurrentUser student, String deviceUuid, String fingerprint, String address) {
    }

    /** {@code afterWindowEnd}: capture time minus the end of the QR token's window; null for an OTP. */
    private record Valid(OpenSession session, Instant capturedAt, Duration afterWindowEnd) {
    }

    private record Remembered(String studentEmail, Accepted answer) {
    }

    private final Sessions sessions;
    private final Devices devices;
    private final EventPublisher events;
    private final Clock clock;
    private final RateLimits rateLimits;
    private final OtpAttempts otpAttempts;
    private final CaptureSignals signals;
    private final AttendanceProperties props;
    private final CaptureClaims claims;
    private final Accounts accounts;
    private final DataDisk disk;
    private final Cache<UUID, Remembered> answers = Caffeine.newBuilder()
            .maximumSize(2_000_000).expireAfterWrite(Duration.ofHours(12)).build();

    public Capture(Sessions sessions, Devices devices, EventPublisher events, Clock clock, RateLimits rateLimits,
                   OtpAttempts otpAttempts, CaptureSignals signals, AttendanceProperties props, CaptureClaims claims,
                   Accounts accounts, DataDisk disk) {
        this.accounts = accounts;
        this.disk = disk;
        this.sessions = sessions;
        this.devices = devices;
        this.events = events;
        this.clock = clock;
        this.rateLimits = rateLimits;
        this.otpAttempts = otpAttempts;
        this.signals = signals;
        this.props = props;
        this.claims = claims;
    }

    /** One online submission (QR scan or OTP attempt). */
    public Mono<Accepted> submit(Caller caller, Submission submission) {
        return Mono.fromRunnable(() -> admit(caller))
                .then(accept(caller, submission));
    }

    /** An offline batch: one rate-limit charge, then every item in order, each answered on its own. */
    public Mono<List<ItemOutcome>> batch(Caller caller, List<Submission> items) {
        return Mono.fromRunnable(() -> admit(caller))
                .thenMany(Flux.fromIterable(items).concatMap(item -> accept(caller, item)
                        .map(a -> new ItemOutcome(a.submissionId(), a.sessionId(), a.provisional(), null))
                        .onErrorResume(ApiException.class, e -> Mono.just(new ItemOutcome(item.submissionId(),
                                sessionHint(item), null, e.code())))))
                .collectList();
    }

    /** Room on the disk for what a mark writes, then the caller's rate limit. */
    private void admit(Caller caller) {
        if (disk.low()) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "the server's disk is nearly full; your mark is kept on your phone "
                    + "and sent again shortly");
        }
        rateLimits.check(caller.student().email(), caller.address());
    }

    private Mono<Accepted> accept(Caller caller, Submission submission) {
        Remembered seen = answers.getIfPresent(submission.submissionId());
        if (seen != null) {
            return seen.studentEmail().equals(caller.student().email())
                    ? Mono.just(seen.answer())
                    : Mono.error(new ApiException(ErrorCode.CONFLICT, "submissionId already used"));
        }
        // everything validation reads is usually in memory (the student's devices, the open session): then it runs
        // where the request is, and only a first look-up hops to the blocking pool for its database read
        // a QR token is parsed once, for both the choice and the checks
        QrTokens.Claims claims = submission.method() == CaptureMethod.OTP ? null : QrTokens.parse(submission.qrToken());
        Mono<Valid> checked = inMemory(caller, submission, claims)
                ? Mono.fromCallable(() -> validate(caller, submission, claims))
                : Blocking.call(() -> validate(caller, submission, claims));
        // a blocked account marks nothing, from whichever of its devices (the account as the database has it now)
        return notBlocked(caller.student().email()).then(checked)
                .flatMap(valid -> publish(caller, submission, valid))
                .onErrorResume(ApiException.class, e -> {
                    reject(caller, submission, e.code());
                    return Mono.error(e);
                });
    }

    private Mono<Void> notBlocked(String email) {
        return accounts.standing(email).flatMap(standing -> standing.isPresent() && standing.get().blocked()
                ? Mono.error(new ApiException(ErrorCode.ACCOUNT_BLOCKED, "this account is blocked; the college office can lift it"))
                : Mono.empty());
    }

    private boolean inMemory(Caller caller, Submission sub, QrTokens.Claims claims) {
        UUID session = claims != null ? claims.sessionId() : sub.sessionId();
        // a typed code's attempts are counted in the database when several instances share them
        return devices.known(caller.student().email()) && (session == null || sessions.known(session))
                && !(sub.method() == CaptureMethod.OTP && otpAttempts.shared());
    }

    /** {@code claims}: the QR token's, parsed (null for an OTP or a token that does not parse). */
    private Valid validate(Caller caller, Submission sub, QrTokens.Claims claims) {
        String email = caller.student().email();
        switch (devices.check(email, caller.deviceUuid(), caller.fingerprint(),
                () -> DeviceKeys.captureChallenge(email, sub.code()), sub.proof())) {
            case OK -> {
            }
            case PROOF_REQUIRED -> throw new ApiException(ErrorCode.DEVICE_PROOF_REQUIRED,
                    "this phone's key must sign the capture; open the app again so it can");
            case PROOF_INVALID -> throw new ApiException(ErrorCode.DEVICE_PROOF_INVALID,
                    "the phone's signature does not verify for this code and student");
            case PENDING -> throw new ApiException(ErrorCode.DEVICE_PENDING, "this device awaits approval");
            case BLOCKED -> throw new ApiException(ErrorCode.DEVICE_BLOCKED, "this device is blocked");
            case MISMATCH -> throw new ApiException(ErrorCode.DEVICE_MISMATCH, "this is not your active device");
        }
        Instant now = clock.instant();
        return sub.method() == CaptureMethod.OTP ? validateOtp(email, sub, now) : validateQr(email, sub, claims, now);
    }

    private Valid validateQr(String email, Submission sub, QrTokens.Claims claims, Instant now) {
        OpenSession s = claims == null ? null : sessions.find(claims.sessionId()).orElse(null);
        if (s == null) {
            throw new ApiException(ErrorCode.QR_INVALID, "not a QR token of this platform");
        }
        int rotation = s.rotationSeconds();
        Instant capturedAt;
        if (sub.offline()) {
            if (!QrTokens.signatureValid(sub.qrToken(), s.secret())) {
                throw new ApiException(ErrorCode.QR_INVALID, "the QR token's signature does not verify");
            }
            capturedAt = sub.capturedAt();
            Optional<ErrorCode> refused = OfflineRules.check(capturedAt, claims.window(), rotation, s.startedAt(), s.endsAt(), now,
                    props.capture().offlineSyncLimit());
            refused.ifPresent(code -> {
                throw new ApiException(code, switch (code) {
                    case OFFLINE_TOO_LATE -> "synced more than " + props.capture().offlineSyncLimit() + " after the session ended";
                    case QR_EXPIRED -> "the capture time lies outside the QR code's validity";
                    case SESSION_NOT_OPEN -> "the capture time lies outside the session";
                    default -> "the capture time lies in the future";
                });
            });
        } else {
            switch (QrTokens.verify(sub.qrToken(), s.secret(), rotation, now)) {
                case INVALID -> throw new ApiException(ErrorCode.QR_INVALID, "the QR token's signature does not verify");
                case EXPIRED -> throw new ApiException(ErrorCode.QR_EXPIRED, "the QR code has rotated; scan the current one");
                case VALID -> {
                }
            }
            capturedAt = now;
            if (!s.isOpenAt(now)) {
                throw new ApiException(ErrorCode.SESSION_NOT_OPEN, "the session is closed");
            }
        }
        if (!s.accepts(CaptureMethod.QR)) {
            throw new ApiException(ErrorCode.QR_INVALID, "this session takes the OTP only");
        }
        requireEnrolledAndUnmarked(s, email);
        Duration arrivedAfterWindowEnd = Duration.between(QrTokens.window(claims.window(), rotation).end(), capturedAt);
        return new Valid(s, capturedAt, sub.offline() ? arrivedAfterWindowEnd
                : RiskScore.readAfterWindowEnd(arrivedAfterWindowEnd, sub.networkRtt()));
    }

    private Valid validateOtp(String email, Submission sub, Instant now) {
        OpenSession s = sessions.find(sub.sessionId())
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no session " + sub.sessionId()));
        if (!s.accepts(CaptureMethod.OTP)) {
            throw new ApiException(ErrorCode.CONFLICT, "this session takes the QR code only");
        }
        if (!s.isOpenAt(now)) {
            throw new ApiException(ErrorCode.SESSION_NOT_OPEN, "the session is closed");
        }
        requireEnrolledAndUnmarked(s, email);
        if (!otpAttempts.take(s.sessionId(), email)) {
            throw new ApiException(ErrorCode.OTP_ATTEMPTS_EXHAUSTED, "no OTP attempts left in this session; ask your teacher");
        }
        if (!OtpCodes.matches(sub.otp(), s.secret(), now)) {
            // a code this session showed a moment ago changed on its way: an attempt all the same, but not a guess
            boolean changed = OtpCodes.shownRecently(sub.otp(), s.secret(), now, 2);
            int left = otpAttempts.wrong(s.sessionId(), email, !changed);
            if (left == 0) {
                throw new ApiException(ErrorCode.OTP_ATTEMPTS_EXHAUSTED, "second wrong OTP; no attempts left in this session");
            }
            throw changed
                    ? new ApiException(ErrorCode.OTP_WRONG, "that code has just changed; type the one on the screen now",
                    Map.of("attemptsLeft", left, "codeChanged", true))
                    : new ApiException(ErrorCode.OTP_WRONG, "wrong OTP", Map.of("attemptsLeft", left));
        }
        otpAttempts.giveBack(s.sessionId(), email);
        return new Valid(s, now, null);
    }

    private static void requireEnrolledAndUnmarked(OpenSession s, String email) {
        if (!s.enrolled(email)) {
            throw new ApiException(ErrorCode.NOT_ENROLLED, "you are not enrolled in this session's class");
        }
        if (s.isMarked(email)) {
            throw new ApiException(ErrorCode.ALREADY_MARKED, "you are already marked in this session");
        }
    }

    private Mono<Accepted> publish(Caller caller, Submission sub, Valid v) {
        OpenSession s = v.session();
        String email = caller.student().email();
        if (!s.mark(email)) {
            return Mono.error(new ApiException(ErrorCode.ALREADY_MARKED, "you are already marked in this session"));
        }
        UUID session = s.sessionId();
        // the instance's memory said the slot is free; with more than one instance the database has the last word, and
        // what the other instances saw of the session comes back with it
        CaptureClaims.Attempt attempt = new CaptureClaims.Attempt(session, email, sub.submissionId(), v.capturedAt(),
                caller.deviceUuid(), signals.offCampus(s, caller.address()) ? caller.address() : null);
        return claims.claim(attempt).doOnError(e -> s.unmark(email)).flatMap(claim -> switch (claim.outcome()) {
            case TAKEN -> Mono.error(new ApiException(ErrorCode.ALREADY_MARKED, "you are already marked in this session"));
            case REUSED -> {
                s.unmark(email);
                yield Mono.error(new ApiException(ErrorCode.CONFLICT, "submissionId already used"));
            }
            case CLOSED -> {
                // closed through another instance: this one knows it from now on, before the database's notice arrives
                s.unmark(email);
                sessions.closedElsewhere(s, claim.closedAt());
                yield Mono.error(new ApiException(ErrorCode.SESSION_NOT_OPEN, sub.offline()
                        ? "the capture time lies outside the session" : "the session is closed"));
            }
            case CLAIMED, RETRY -> publishClaimed(caller, sub, v, claim);
        });
    }

    /** Scores the capture with what this instance and the claim know, publishes it, and answers once Kafka has it. */
    private Mono<Accepted> publishClaimed(Caller caller, Submission sub, Valid v, CaptureClaims.Claim claim) {
        OpenSession s = v.session();
        String email = caller.student().email();
        UUID session = s.sessionId();
        Instant now = clock.instant();
        RiskScore.Assessment risk = signals.assess(new CaptureSignals.Evidence(s, email, caller.deviceUuid(), caller.address(),
                sub.method() == CaptureMethod.OTP, v.afterWindowEnd(), sub.location(), v.capturedAt(),
                sub.offline() ? signals.offline(s, email, v.capturedAt(), now) : null, sub.leftApp(), claim.elsewhere()));
        String deviceId = devices.activeDeviceId(email).map(UUID::toString).orElse(caller.deviceUuid());
        SubmissionAccepted event = new SubmissionAccepted(sub.submissionId().toString(), session.toString(), email,
                sub.method(), v.capturedAt(), now, sub.offline(), deviceId, caller.address(), risk.score(), risk.flags());
        AttendanceStatus status = AttendanceStatus.ofSubmission(risk.score(), props.capture().riskThreshold(), v.capturedAt(),
                s.lateAt());
        // a retry gets the answer its first attempt got, once that one has published
        String provisional = claim.provisional() != null ? claim.provisional() : status.name();
        Accepted answer = new Accepted(sub.submissionId(), session, "ACCEPTED", provisional);
        return events.publish(Topics.SUBMISSIONS, session.toString(), event)
                .onErrorResume(e -> {
                    s.unmark(email);
                    return claims.release(session, email, sub.submissionId()).onErrorResume(r -> Mono.empty()).then(Mono.error(e));
                })
                .then(claims.published(session, email, sub.submissionId(), provisional))
                .then(Mono.fromSupplier(() -> {
                    if (status == AttendanceStatus.FLAGGED && claim.outcome() == CaptureClaims.Outcome.CLAIMED) {
                        signals.flagged(s, email, risk.flags(), v.capturedAt());
                    }
                    answers.put(sub.submissionId(), new Remembered(email, answer));
                    return answer;
                }));
    }

    private void reject(Caller caller, Submission sub, ErrorCode code) {
        if (code == ErrorCode.UNAVAILABLE) {
            return;
        }
        UUID session = sessionHint(sub);
        String key = session == null ? "" : session.toString();
        events.publishQuietly(Topics.REJECTIONS, key, new SubmissionRejected(sub.submissionId().toString(), key,
                caller.student().email(), sub.method(), code.name(), clock.instant(), caller.deviceUuid(), caller.address()));
    }

    private static UUID sessionHint(Submission sub) {
        if (sub.sessionId() != null) {
            return sub.sessionId();
        }
        QrTokens.Claims claims = QrTokens.parse(sub.qrToken());
        return claims == null ? null : claims.sessionId();
    }
}
