package edu.attendance.ingest.capture;

import com.fasterxml.jackson.annotation.JsonIgnore;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.ingest.device.DeviceKeys;
import edu.attendance.ingest.session.Position;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** STUDENT capture with the device headers: QR scans, OTP attempts, offline batches. */
@RestController
class ScanController {

    public record Location(@NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
                           @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon,
                           @PositiveOrZero @Max(100_000) Double accuracyM) {
        Position toSignal() {
            return new Position(lat, lon, accuracyM == null ? 0 : accuracyM);
        }
    }

    /**
     * {@code capturedAt}: when the phone read the code. Online the server's own time decides (a phone's clock may be
     * off) and this is only checked to be a real time; offline it is the time the rules judge. {@code networkRttMs}:
     * the round trip of the phone's previous request, as the app measured it (online only): a slow network explains
     * that much of a code's late arrival (docs/rules.md rule 7).
     */
    public record ScanBody(@NotNull UUID submissionId, @NotBlank @Size(max = 200) String qrToken,
                           @NotNull Instant capturedAt, Boolean offline, @Valid Location location,
                           @PositiveOrZero @Max(60_000) Integer networkRttMs, @Valid LeftApp leftApp,
                           @Valid DeviceKeys.Proof proof) {

        static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
        static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

        @AssertTrue(message = "capturedAt must be a time between 2000 and 2100")
        @JsonIgnore
        public boolean isCapturedAtPlausible() {
            return capturedAt == null || (!capturedAt.isBefore(EARLIEST) && capturedAt.isBefore(LATEST));
        }

        /** An online scan (this route and the {@link CaptureFastLane}'s): offline ones go through the batch route. */
        Capture.Submission online() {
            if (Boolean.TRUE.equals(offline)) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "offline submissions are synced through /api/v1/scans/batch");
            }
            return new Capture.Submission(submissionId, CaptureMethod.QR, qrToken, null, null, capturedAt, false,
                    location == null ? null : location.toSignal(), networkRttMs == null ? null : Duration.ofMillis(networkRttMs),
                    LeftApp.signal(leftApp), proof);
        }

        /** An offline capture, as a batch item. */
        Capture.Submission offlineItem() {
            return new Capture.Submission(submissionId, CaptureMethod.QR, qrToken, null, null, capturedAt, true,
                    location == null ? null : location.toSignal(), null, LeftApp.signal(leftApp), proof);
        }
    }

    /**
     * How often and how long the student left the app (page hidden, focus lost, another tab) while the code was on their
     * screen or being typed, as the app counted it (docs/rules.md rule 7): weak evidence, never a refusal.
     */
    public record LeftApp(@PositiveOrZero @Max(1000) int times, @PositiveOrZero @Max(3_600_000) long ms) {
        static RiskScore.LeftApp signal(LeftApp l) {
            return l == null || l.times() == 0 || l.ms() == 0 ? null : new RiskScore.LeftApp(l.times(), Duration.ofMillis(l.ms()));
        }
    }

    public record OtpBody(@NotNull UUID submissionId, @NotNull @Pattern(regexp = "\\d{4}", message = "must be 4 digits") String otp,
                          @Valid Location location, @Valid LeftApp leftApp, @Valid DeviceKeys.Proof proof) {
    }

    public record BatchBody(@NotEmpty @Size(max = 100) List<@Valid @NotNull ScanBody> items) {
    }

    /** One item's answer in a batch: the HTTP status it would have had on its own and, when refused, the code. */
    /** {@code provisional}: for an accepted item, PRESENT, LATE or FLAGGED (awaiting the teacher) as decided so far. */
    public record ItemResult(UUID submissionId, int httpStatus, String code, UUID sessionId, String provisional) {
        static ItemResult of(Capture.ItemOutcome o) {
            return o.accepted() ? new ItemResult(o.submissionId(), HttpStatus.ACCEPTED.value(), null, o.sessionId(), o.provisional())
                    : new ItemResult(o.submissionId(), o.refused().status().value(), o.refused().name(), o.sessionId(), null);
        }
    }

    public record BatchResponse(List<ItemResult> results) {
    }

    private final Capture capture;
    private final ClientAddress addresses;

    public ScanController(Capture capture, ClientAddress addresses) {
        this.capture = capture;
        this.addresses = addresses;
    }

    @PostMapping("/api/v1/scans")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<Capture.Accepted> scan(@Valid @RequestBody ScanBody body,
                                       @RequestHeader(name = "X-Device-Id", required = false) String deviceId,
                                       @RequestHeader(name = "X-Device-Fingerprint", required = false) String fingerprint,
                                       ServerHttpRequest request) {
        return caller(deviceId, fingerprint, request).flatMap(caller -> capture.submit(caller, body.online()));
    }

    @PostMapping("/api/v1/sessions/{id}/otp-attempts")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<Capture.Accepted> otp(@PathVariable UUID id, @Valid @RequestBody OtpBody body,
                                      @RequestHeader(name = "X-Device-Id", required = false) String deviceId,
                                      @RequestHeader(name = "X-Device-Fingerprint", required = false) String fingerprint,
                                      ServerHttpRequest request) {
        return caller(deviceId, fingerprint, request).flatMap(caller -> capture.submit(caller, new Capture.Submission(
                body.submissionId(), CaptureMethod.OTP, null, body.otp(), id, null, false,
                body.location() == null ? null : body.location().toSignal(), null, LeftApp.signal(body.leftApp()), body.proof())));
    }

    @PostMapping("/api/v1/scans/batch")
    public Mono<BatchResponse> batch(@Valid @RequestBody BatchBody body,
                                     @RequestHeader(name = "X-Device-Id", required = false) String deviceId,
                                     @RequestHeader(name = "X-Device-Fingerprint", required = false) String fingerprint,
                                     ServerHttpRequest request) {
        for (ScanBody item : body.items()) {
            if (!Boolean.TRUE.equals(item.offline())) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "every batch item is an offline capture (\"offline\": true)",
                        Map.of("submissionId", item.submissionId().toString()));
            }
        }
        return caller(deviceId, fingerprint, request).flatMap(caller -> capture.batch(caller, body.items().stream()
                        .map(ScanBody::offlineItem).toList()))
                .map(outcomes -> new BatchResponse(outcomes.stream().map(ItemResult::of).toList()));
    }

    private Mono<Capture.Caller> caller(String deviceId, String fingerprint, ServerHttpRequest request) {
        return CurrentUser.get().map(user -> caller(user, deviceId, fingerprint, addresses.of(request)));
    }

    /** A student with the device headers every capture carries (this controller's routes and the {@link CaptureFastLane}'s). */
    static Capture.Caller caller(CurrentUser user, String deviceId, String fingerprint, String address) {
        user.require(Role.STUDENT);
        if (deviceId == null || deviceId.isBlank() || deviceId.length() > 128
                || fingerprint == null || fingerprint.isBlank() || fingerprint.length() > 256) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "X-Device-Id and X-Device-Fingerprint headers are required");
        }
        return new Capture.Caller(user, deviceId, fingerprint, address);
    }
}
