package edu.attendance.ingest.auth;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SignInOptionsTest {

    @Test
    void aZeroOffsetIsNamedUtcForTheBrowserWhichRefusesZ() {
        assertThat(ZoneOffset.UTC.getId()).isEqualTo("Z");
        assertThat(SignInOptions.browserZone(ZoneOffset.UTC)).isEqualTo("UTC");
        assertThat(SignInOptions.browserZone(ZoneId.of("UTC"))).isEqualTo("UTC");
        assertThat(SignInOptions.browserZone(ZoneId.of("Etc/UTC"))).isEqualTo("UTC");
    }

    @Test
    void regionsAndOtherOffsetsKeepTheirNames() {
        assertThat(SignInOptions.browserZone(ZoneId.of("Asia/Kolkata"))).isEqualTo("Asia/Kolkata");
        assertThat(SignInOptions.browserZone(ZoneId.of("Europe/London"))).isEqualTo("Europe/London");
        assertThat(SignInOptions.browserZone(ZoneOffset.ofHoursMinutes(5, 30))).isEqualTo("+05:30");
    }

    @Test
    void wholeHourOffsetsAreTheEtcZonesWithTheirSignReversed() {
        assertThat(SignInOptions.browserZone(ZoneOffset.ofHours(5))).isEqualTo("Etc/GMT-5");
        assertThat(SignInOptions.browserZone(ZoneOffset.ofHours(-3))).isEqualTo("Etc/GMT+3");
        assertThat(SignInOptions.browserZone(ZoneOffset.ofHours(14))).isEqualTo("Etc/GMT-14");
        assertThat(SignInOptions.browserZone(ZoneOffset.ofHours(-12))).isEqualTo("Etc/GMT+12");
        assertThat(SignInOptions.browserZone(ZoneOffset.ofHours(-13))).isEqualTo("-13:00");
    }
}
