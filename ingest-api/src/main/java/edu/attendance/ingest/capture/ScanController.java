package edu.attendance.ingest.capture;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.UUID;

/** STUDENT capture with the device headers: {@code POST /api/v1/scans}. */
@RestController
public class ScanController {

    public record ScanBody(@NotNull UUID submissionId, @NotBlank @Size(max = 200) String qrToken,
                           @NotNull Instant capturedAt, Boolean offline, Object location) {
    }

    private final Capture capture;

    public ScanController(Capture capture) {
        this.capture = capture;
    }

    @PostMapping("/api/v1/scans")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<Capture.Accepted> scan(@Valid @RequestBody ScanBody body,
                                       @RequestHeader(name = "X-Device-Id", required = false) String deviceId,
                                       @RequestHeader(name = "X-Device-Fingerprint", required = false) String fingerprint,
                                       ServerHttpRequest request) {
        return CurrentUser.get().flatMap(user -> {
            user.require(Role.STUDENT);
            if (deviceId == null || deviceId.isBlank() || deviceId.length() > 128
                    || fingerprint == null || fingerprint.isBlank() || fingerprint.length() > 256) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "X-Device-Id and X-Device-Fingerprint headers are required");
            }
            if (Boolean.TRUE.equals(body.offline())) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "offline submissions are synced through /api/v1/scans/batch");
            }
            InetSocketAddress remote = request.getRemoteAddress();
            String address = remote == null ? "" : remote.getAddress().getHostAddress();
            return capture.scan(user, deviceId, fingerprint, address,
                    new Capture.Scan(body.submissionId(), body.qrToken(), body.capturedAt(), false));
        });
    }
}
