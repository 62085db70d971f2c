package edu.attendance.ingest.capture;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** How many captures one ingest instance works on at once ({@code attendance.admission.*}); see {@link CaptureAdmission}. */
@Validated
@ConfigurationProperties("attendance.admission")
record AdmissionSettings(
        /**
         * Captures in flight at once (from the request's arrival at the application to its answer, the broker's
         * acknowledgement included); one more is answered 503 at once. 0 = no limit.
         */
        @Min(0) @Max(100_000) @DefaultValue("64") int maxInFlight,
        /**
         * How far behind its schedule the event loop that decoded a capture may run before the capture is refused at
         * once: past it the processor is saturated and an admitted capture would queue (0 = never refused for lag).
         */
        @NotNull @DefaultValue("50ms") Duration maxLag,
        /** What a shed request is told to wait ({@code Retry-After}, whole seconds). */
        @NotNull @DefaultValue("1s") Duration retryAfter,
        /**
         * QR scans served below the web handler ({@link CaptureFastLane}): the same rules and answers for a fraction of
         * the per-request cost; false sends every scan through the full filter chain.
         */
        @DefaultValue("true") boolean fastLane) {
}
