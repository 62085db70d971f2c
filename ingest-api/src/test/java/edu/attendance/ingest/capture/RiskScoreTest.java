package edu.attendance.ingest.capture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RiskScoreTest {

    static RiskScore.Inputs clean() {
        return new RiskScore.Inputs(false, 0.1, false, null, 150, 0, false);
    }

    @Test
    void aCleanSubmissionScoresZero() {
        RiskScore.Assessment a = RiskScore.assess(clean());
        assertThat(a.score()).isZero();
        assertThat(a.flags()).isEmpty();
        assertThat(a.flagged(50)).isFalse();
    }

    @Test
    void eachSignalIsNamedAndWeighed() {
        assertThat(RiskScore.assess(new RiskScore.Inputs(true, 0.1, false, null, 150, 0, false)))
                .isEqualTo(new RiskScore.Assessment(60, java.util.List.of(RiskScore.SHARED_DEVICE)));
        assertThat(RiskScore.assess(new RiskScore.Inputs(false, 0.75, false, null, 150, 0, false)).flags())
                .containsExactly(RiskScore.OLD_TOKEN);
        assertThat(RiskScore.assess(new RiskScore.Inputs(false, 0.74, false, null, 150, 0, false)).flags()).isEmpty();
        assertThat(RiskScore.assess(new RiskScore.Inputs(false, 0, true, null, 150, 0, false)).score()).isEqualTo(30);
        assertThat(RiskScore.assess(new RiskScore.Inputs(false, 0, false, 151.0, 150, 0, false)).flags()).containsExactly(RiskScore.FAR_FROM_TEACHER);
        assertThat(RiskScore.assess(new RiskScore.Inputs(false, 0, false, 150.0, 150, 0, false)).flags()).isEmpty();
        assertThat(RiskScore.assess(new RiskScore.Inputs(false, 0, false, null, 150, 1, false)).score()).isEqualTo(20);
        assertThat(RiskScore.assess(new RiskScore.Inputs(false, 0, false, null, 150, 5, false)).score()).isEqualTo(40);
        assertThat(RiskScore.assess(new RiskScore.Inputs(false, 0, false, null, 150, 0, true)).flags()).containsExactly(RiskScore.BURST);
    }

    @Test
    void signalsAddUpToTheThreshold() {
        RiskScore.Assessment a = RiskScore.assess(new RiskScore.Inputs(false, 0.9, true, null, 150, 0, false));
        assertThat(a.score()).isEqualTo(45);
        assertThat(a.flagged(50)).isFalse();
        RiskScore.Assessment b = RiskScore.assess(new RiskScore.Inputs(false, 0.9, true, null, 150, 1, false));
        assertThat(b.score()).isEqualTo(65);
        assertThat(b.flagged(50)).isTrue();
        assertThat(b.flags()).containsExactly(RiskScore.OLD_TOKEN, RiskScore.OFF_CAMPUS, RiskScore.WRONG_OTP);
    }

    @Test
    void haversineDistances() {
        assertThat(RiskScore.distanceMeters(12.9716, 77.5946, 12.9716, 77.5946)).isZero();
        // one thousandth of a degree of latitude is about 111 m
        assertThat(RiskScore.distanceMeters(12.9716, 77.5946, 12.9726, 77.5946)).isBetween(110.0, 112.5);
        assertThat(RiskScore.distanceMeters(0, 179.9995, 0, -179.9995)).isBetween(110.0, 112.5);
    }
}
