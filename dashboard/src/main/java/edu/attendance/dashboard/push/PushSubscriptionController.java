package edu.attendance.dashboard.push;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A browser's Web Push subscription (the PushSubscription JSON) for the signed-in user, and the VAPID key
 * to subscribe with. Endpoints must point at an allowed push service, so the platform never posts to
 * arbitrary hosts. An addition to the first API; documented in the OpenAPI.
 */
@RestController
class PushSubscriptionController {

    public record Keys(@NotBlank @Size(max = 200) @Pattern(regexp = "[A-Za-z0-9_-]+") String p256dh,
                       @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+") String auth) {
    }

    @Schema(name = "PushSubscription")
    public record Subscription(@NotBlank @Size(max = 1000) String endpoint, @NotNull @Valid Keys keys) {
    }

    private final PushSubscriptions subscriptions;
    private final WebPushNotifier notifier;
    private final Set<String> allowedHosts;

    public PushSubscriptionController(PushSubscriptions subscriptions, WebPushNotifier notifier, PushSettings settings) {
        this.subscriptions = subscriptions;
        this.notifier = notifier;
        this.allowedHosts = settings.allowedHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    @GetMapping("/api/v1/push/vapid-public-key")
    public Mono<Map<String, String>> vapidPublicKey() {
        return CurrentUser.get().map(u -> Map.of("publicKey", notifier.publicKey()));
    }

    @PostMapping("/api/v1/me/push-subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<Map<String, String>> subscribe(@Valid @RequestBody Subscription body) {
        return CurrentUser.get().flatMap(user -> {
            URI endpoint = checked(body.endpoint());
            byte[] p256dh = decode(body.keys().p256dh());
            if (p256dh.length != 65 || p256dh[0] != 4 || decode(body.keys().auth()).length != 16) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "keys must be a P-256 point (p256dh) and a 16-byte auth secret");
            }
            return Blocking.call(() -> {
                subscriptions.save(user.email(), new PushSubscriptions.Subscription(endpoint.toString(), body.keys().p256dh(),
                        body.keys().auth()));
                return Map.of("endpoint", endpoint.toString());
            });
        });
    }

    @DeleteMapping("/api/v1/me/push-subscriptions")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> unsubscribe(@RequestParam @Size(max = 1000) String endpoint) {
        return CurrentUser.get().flatMap(user -> Blocking.run(() -> subscriptions.remove(user.email(), endpoint)).then());
    }

    private URI checked(String endpoint) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "endpoint is not a URL");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean scheme = "https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && allowedHosts.contains(host)
                && (host.equals("127.0.0.1") || host.equals("localhost")));
        if (!scheme || !allowedHosts.contains(host) || uri.getUserInfo() != null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "endpoint must be an https URL of a known push service");
        }
        return uri;
    }

    private static byte[] decode(String b64) {
        try {
            return Base64.getUrlDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "keys must be base64url");
        }
    }
}
