package edu.attendance.ingest.device;

import edu.attendance.ingest.support.Blocking;
import edu.attendance.platform.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.UUID;

/** Any logged-in user registers the device they use (rule 6). */
@RestController
public class DeviceController {

    public record RegisterRequest(
            @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._:-]{1,128}") String deviceUuid,
            @NotBlank @Size(max = 256) @Pattern(regexp = "[A-Za-z0-9+/=._:-]{8,256}") String fingerprintHash,
            @NotNull @Pattern(regexp = "WEB|ANDROID|IOS") String platform,
            @Pattern(regexp = "STRONG|BASIC|FAIL") String integrity,
            @Size(max = 8192) String integrityToken) {
    }

    public record RegisterResponse(UUID deviceId, String status) {
    }

    private final Devices devices;

    public DeviceController(Devices devices) {
        this.devices = devices;
    }

    @PostMapping("/api/v1/devices")
    public Mono<RegisterResponse> register(@Valid @RequestBody RegisterRequest request) {
        return CurrentUser.get().flatMap(user -> Blocking.call(() -> {
            Devices.Device d = devices.register(user.email(), new Devices.Registration(request.deviceUuid(),
                    request.fingerprintHash(), request.platform(), request.integrity()));
            return new RegisterResponse(d.deviceId(), d.status());
        }));
    }
}
