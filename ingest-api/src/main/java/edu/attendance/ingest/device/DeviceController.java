package edu.attendance.ingest.device;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.platform.web.NoBody;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Any logged-in user registers the device they use (rule 6). */
@RestController
class DeviceController {

    public record RegisterRequest(
            @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._:-]{1,128}") String deviceUuid,
            @NotBlank @Size(max = 256) @Pattern(regexp = "[A-Za-z0-9+/=._:-]{8,256}") String fingerprintHash,
            @NotNull @Pattern(regexp = "WEB|ANDROID|IOS") String platform,
            @Pattern(regexp = "STRONG|BASIC|FAIL") String integrity,
            @Size(max = 8192) String integrityToken,
            @Valid DeviceKeys.KeyRegistration key) {
    }

    /** {@code key}: the kind of key the device holds (null: none, an app from before keys). */
    public record RegisterResponse(UUID deviceId, DeviceStatus status, DeviceKeys.KeyKind key) {
    }

    private final Devices devices;
    private final DeviceKeys keys;

    public DeviceController(Devices devices, DeviceKeys keys) {
        this.devices = devices;
        this.keys = keys;
    }

    /**
     * A single-use challenge (5 min) for the phone to sign as it makes its key, with the relying party and the user
     * handle a passkey needs.
     */
    @PostMapping("/api/v1/devices/challenge")
    public Mono<DeviceKeys.DeviceChallenge> challenge(ServerHttpRequest request) {
        NoBody.require(request);
        return CurrentUser.get().flatMap(user -> Blocking.call(() -> keys.challenge(user.email(),
                request.getHeaders().getOrigin(), host(request))));
    }

    @PostMapping("/api/v1/devices")
    public Mono<RegisterResponse> register(@Valid @RequestBody RegisterRequest request, ServerHttpRequest http) {
        return CurrentUser.get().flatMap(user -> Blocking.call(() -> {
            DeviceKeys.DeviceKey key = request.key() == null ? null : keys.verify(user.email(), request.key(), http.getHeaders().getOrigin(), host(http));
            Devices.Device d = devices.register(user.email(), new Devices.Registration(request.deviceUuid(),
                    request.fingerprintHash(), request.platform(), request.integrity(), request.integrityToken(), key));
            return new RegisterResponse(d.deviceId(), d.status(), d.keyKind());
        }));
    }

    /** The host the browser addressed (the proxy's forwarded host, as the web layer resolved it). */
    private static String host(ServerHttpRequest request) {
        return request.getURI().getHost();
    }

    /** TEACHER: own students' devices; ADMIN: all. */
    @GetMapping("/api/v1/devices")
    public Mono<List<Devices.Pending>> list(@RequestParam(defaultValue = "PENDING") String status) {
        return CurrentUser.get().flatMap(user -> {
            user.require(Role.TEACHER, Role.ADMIN);
            DeviceStatus wanted = DeviceStatus.parse(status);
            return Blocking.call(() -> devices.list(wanted, user.is(Role.TEACHER) ? user.email() : null));
        });
    }

    @PostMapping("/api/v1/devices/{deviceId}/approve")
    public Mono<RegisterResponse> approve(@PathVariable UUID deviceId) {
        return decide(deviceId, true);
    }

    @PostMapping("/api/v1/devices/{deviceId}/reject")
    public Mono<RegisterResponse> reject(@PathVariable UUID deviceId) {
        return decide(deviceId, false);
    }

    private Mono<RegisterResponse> decide(UUID deviceId, boolean approve) {
        return CurrentUser.get().flatMap(user -> {
            user.require(Role.TEACHER, Role.ADMIN);
            return Blocking.call(() -> {
                Devices.Device d = devices.decide(deviceId, approve, user.email(), user.is(Role.TEACHER) ? user.email() : null);
                return new RegisterResponse(d.deviceId(), d.status(), d.keyKind());
            });
        });
    }

    /** ADMIN: lift an integrity block (docs/rules.md rule 6: "until an admin clears it"). An addition to the first API; documented in the OpenAPI. */
    @PostMapping("/api/v1/admin/users/{email}/unblock")
    public Mono<Map<String, Object>> unblock(@PathVariable String email) {
        return CurrentUser.get().flatMap(user -> {
            user.require(Role.ADMIN);
            String target = email.strip().toLowerCase(Locale.ROOT);
            return Blocking.call(() -> {
                devices.unblock(target, user.email());
                return Map.<String, Object>of("email", target, "blocked", false);
            });
        });
    }
}
