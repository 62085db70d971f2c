package edu.attendance.dashboard.push;

import edu.attendance.testsupport.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PushThrottleTest {

    static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");
    final TestClock clock = TestClock.at(T0);
    final PushThrottle throttle = new PushThrottle(clock, 3, 1000);

    @Test
    void anAccountGetsAFewNoticesAMinuteAndTheRestAreDropped() {
        assertThat(throttle.admit("a")).isTrue();
        assertThat(throttle.admit("a")).isTrue();
        assertThat(throttle.admit("a")).isTrue();
        assertThat(throttle.admit("a")).isFalse();
        assertThat(throttle.admit("b")).as("another account has its own minute").isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.admit("a")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.admit("a")).as("a new minute").isTrue();
    }

    @Test
    void aPushServiceIsLeftAloneUntilTheTimeItNamed() {
        assertThat(throttle.open("https://fcm.googleapis.com/x")).isTrue();
        throttle.backOff("https://fcm.googleapis.com/x", "120");
        assertThat(throttle.open("https://fcm.googleapis.com/x")).isFalse();
        assertThat(throttle.open("https://fcm.googleapis.com/y")).as("only the one that asked").isTrue();
        clock.advance(Duration.ofSeconds(119));
        assertThat(throttle.open("https://fcm.googleapis.com/x")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.open("https://fcm.googleapis.com/x")).isTrue();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDateAndKeptBetweenASecondAndAnHour() {
        assertThat(PushThrottle.retryAfter("30", T0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(PushThrottle.retryAfter("Mon, 07 Dec 2026 09:05:00 GMT", T0)).isEqualTo(Duration.ofMinutes(5));
        assertThat(PushThrottle.retryAfter(null, T0)).isEqualTo(PushThrottle.DEFAULT_BACK_OFF);
        assertThat(PushThrottle.retryAfter("soon", T0)).isEqualTo(PushThrottle.DEFAULT_BACK_OFF);
        assertThat(PushThrottle.retryAfter("0", T0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(PushThrottle.retryAfter("Mon, 07 Dec 2026 08:00:00 GMT", T0)).as("a date gone by").isEqualTo(Duration.ofSeconds(1));
        assertThat(PushThrottle.retryAfter("999999999", T0)).isEqualTo(PushThrottle.MAX_BACK_OFF);
        assertThat(PushThrottle.retryAfter("99999999999999999999", T0)).isEqualTo(PushThrottle.DEFAULT_BACK_OFF);
    }

    @Test
    void onlyTheMostRecentAccountsAndServicesAreRemembered() {
        PushThrottle small = new PushThrottle(clock, 1, 2);
        assertThat(small.admit("a")).isTrue();
        assertThat(small.admit("b")).isTrue();
        assertThat(small.admit("c")).isTrue();
        assertThat(small.admit("a")).as("a was forgotten: memory stays bounded").isTrue();
        assertThat(small.admit("c")).isFalse();
    }
}
