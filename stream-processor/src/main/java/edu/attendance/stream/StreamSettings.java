package edu.attendance.stream;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The stream processor's own settings ({@code attendance.stream.*}, {@code attendance.sink.*}); whether the stream
 * runs at all is {@code attendance.stream.enabled}, read by the beans' condition.
 */
@Validated
@ConfigurationProperties("attendance")
public record StreamSettings(@Valid @NotNull @DefaultValue Stream stream, @Valid @NotNull @DefaultValue Sink sink) {

    /** The decision stream: threads per instance, the exactly-once commit interval, static group membership. */
    public record Stream(@Min(1) @Max(64) @DefaultValue("1") int threads,
                         @NotNull @DefaultValue("100ms") Duration commitInterval,
                         /** e.g. a StatefulSet pod's name: a restarted instance takes its partitions back at once. */
                         @DefaultValue("") String instanceId) {
    }

    /** The ClickHouse sinks: rows per insert at most, and how long a row may wait for its batch. */
    public record Sink(@Min(1) @Max(1_000_000) @DefaultValue("5000") int maxBatch,
                       @NotNull @DefaultValue("1s") Duration maxDelay) {
    }
}
