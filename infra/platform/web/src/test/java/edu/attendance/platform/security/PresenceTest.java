package edu.attendance.platform.security;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What an instance heard from an account, by the second, and only the latest seconds of it. */
class PresenceTest {

    static final Instant T = Instant.parse("2026-12-05T09:00:00Z");

    @Test
    void aRequestIsHeardAtItsSecondAndNowhereElse() {
        Presence p = new Presence(100);
        p.heard("a@x", T.plusMillis(400));
        assertThat(p.heardBetween("a@x", T.minusSeconds(3), T.plusSeconds(3))).isTrue();
        assertThat(p.heardBetween("a@x", T, T)).isTrue();
        assertThat(p.heardBetween("a@x", T.plusSeconds(1), T.plusSeconds(30))).isFalse();
        assertThat(p.heardBetween("a@x", T.minusSeconds(30), T.minusSeconds(1))).isFalse();
        assertThat(p.heardBetween("b@x", T.minusSeconds(3), T.plusSeconds(3))).isFalse();
    }

    @Test
    void onlyTheLatestDistinctSecondsAreKept() {
        Presence p = new Presence(100);
        p.heard("a@x", T);
        for (int i = 1; i <= Presence.KEPT; i++) {
            p.heard("a@x", T.plusSeconds(100 + i));
            p.heard("a@x", T.plusSeconds(100 + i)); // the same second again takes no room
        }
        assertThat(p.heardBetween("a@x", T, T)).isFalse();
        assertThat(p.heardBetween("a@x", T.plusSeconds(101), T.plusSeconds(101))).isTrue();
    }
}
