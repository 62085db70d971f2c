package edu.attendance.dashboard.push;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Web Push (VAPID) for closed browser apps. */
@Validated
@ConfigurationProperties("attendance.push")
record PushSettings(
        /** EC P-256 JWK of the VAPID key; generated into the data directory when absent. */
        Path vapidKeyFile,
        /** The contact the push services see ({@code mailto:} or {@code https:}). */
        @NotBlank @DefaultValue("mailto:admin@college.test") String subject,
        /** Push services a subscription may point at; anything else is refused (no requests to arbitrary hosts). */
        @DefaultValue({"fcm.googleapis.com", "updates.push.services.mozilla.com", "web.push.apple.com", "wns2-par02p.notify.windows.com"})
        List<String> allowedHosts,
        /** Notices one account may get per minute; more are dropped (a session opened and closed in a loop). */
        @Min(1) @Max(1000) @DefaultValue("6") int perAccountPerMinute,
        /** Requests to push services in flight at once. */
        @Min(1) @Max(10_000) @DefaultValue("32") int maxConcurrent,
        /** Notices waiting for a free sender; more are dropped (a whole college's session opens at one moment). */
        @Min(1) @Max(10_000_000) @DefaultValue("50000") int maxQueued) {
}
