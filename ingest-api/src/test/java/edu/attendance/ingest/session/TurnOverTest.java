package edu.attendance.ingest.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TurnOverTest {

    @Test
    void aSessionsScreensTurnOverAtTheSameOffsetEveryWindow() {
        UUID session = UUID.randomUUID();
        assertThat(SessionController.turnOver(session)).isEqualTo(SessionController.turnOver(UUID.fromString(session.toString())));
    }

    @Test
    void aCollegesSessionsTurnOverSpreadOverTheFirstQuarterSecondNotAllAtOnce() {
        Set<Duration> offsets = new HashSet<>();
        for (int i = 0; i < 600; i++) {
            Duration d = SessionController.turnOver(UUID.randomUUID());
            assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(SessionController.TURN_OVER_SPREAD_MS - 1));
            offsets.add(d);
        }
        // 600 sessions over 250 one-millisecond slots: with an even spread nearly every slot is taken (expected ~228)
        assertThat(offsets).hasSizeGreaterThan(180);
    }
}
