package edu.attendance.stream;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
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

    /**
     * The decision stream: threads per instance, the exactly-once commit interval, static group membership, and the
     * takeover window — how long an instance may be silent (killed, hung, cut off) before Kafka gives its partitions,
     * and the live views of their sessions, to the others (Kafka's session timeout; the brokers allow 6 s to 30 min by
     * default). Shorter: a dead instance's sessions stall for less; but a restart, a long GC pause or a network blip
     * longer than it moves the partitions away and back, each move restoring their state. docs/operations.md.
     */
    public record Stream(@Min(1) @Max(64) @DefaultValue("1") int threads,
                         @NotNull @DefaultValue("100ms") Duration commitInterval,
                         /** e.g. a StatefulSet pod's name: a restarted instance takes its partitions back at once. */
                         @DefaultValue("") String instanceId,
                         @NotNull @DurationMin(seconds = 6) @DurationMax(minutes = 30) @DefaultValue("20s") Duration takeover) {

        /** Heartbeats every 3 s (Kafka's default), or four to a shorter window (Kafka asks for under a third). */
        public Duration heartbeat() {
            Duration quarter = takeover.dividedBy(4);
            Duration usual = Duration.ofSeconds(3);
            return quarter.compareTo(usual) < 0 ? quarter : usual;
        }
    }

    /** The ClickHouse sinks: rows per insert at most, and how long a row may wait for its batch. */
    public record Sink(@Min(1) @Max(1_000_000) @DefaultValue("5000") int maxBatch,
                       @NotNull @DefaultValue("1s") Duration maxDelay) {
    }
}
