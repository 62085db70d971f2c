package edu.attendance.stream;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The takeover window: within what the brokers allow, and heartbeats often enough for it. */
class StreamSettingsTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    private static StreamSettings.Stream takeover(Duration d) {
        return new StreamSettings.Stream(1, Duration.ofMillis(100), "", d);
    }

    @Test
    void heartbeatsFourTimesInAShortWindowAndEveryThreeSecondsOtherwise() {
        assertThat(takeover(Duration.ofSeconds(6)).heartbeat()).isEqualTo(Duration.ofMillis(1500));
        assertThat(takeover(Duration.ofSeconds(20)).heartbeat()).isEqualTo(Duration.ofSeconds(3));
        assertThat(takeover(Duration.ofMinutes(30)).heartbeat()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aWindowTheBrokersWouldRefuseIsRefusedAtStart() {
        assertThat(validator.validate(takeover(Duration.ofSeconds(5)))).hasSize(1);
        assertThat(validator.validate(takeover(Duration.ofMinutes(31)))).hasSize(1);
        assertThat(validator.validate(takeover(Duration.ofSeconds(6)))).isEmpty();
        assertThat(validator.validate(takeover(Duration.ofSeconds(20)))).isEmpty();
    }
}
