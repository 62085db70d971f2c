package edu.attendance.ingest.capture;

import edu.attendance.ingest.capture.RiskScore.Proximity;
import edu.attendance.ingest.capture.RiskScore.Signal;
import edu.attendance.ingest.session.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static edu.attendance.ingest.capture.RiskScore.Inputs.NOTHING_AGAINST;
import static org.assertj.core.api.Assertions.assertThat;

class RiskScoreTest {

    static final int THRESHOLD = RiskScore.DEFAULT_THRESHOLD;
    static final Position TEACHER = new Position(12.9716, 77.5946, 20);

    /** A scan in the code's own window, next to the teacher, on campus, from a student with a clean history. */
    static RiskScore.Inputs clean() {
        return NOTHING_AGAINST.withAfterWindowEnd(Duration.ofSeconds(-2));
    }

    static RiskScore.Assessment assess(RiskScore.Inputs in) {
        return RiskScore.assess(in);
    }

    /** A point {@code meters} north of the teacher (one thousandth of a degree of latitude is 111.2 m). */
    static Position north(double meters, double accuracy) {
        return new Position(TEACHER.lat() + meters / 111_195.0, TEACHER.lon(), accuracy);
    }

    @Test
    void aCleanSubmissionScoresZero() {
        RiskScore.Assessment a = assess(clean());
        assertThat(a.score()).isZero();
        assertThat(a.flags()).isEmpty();
        assertThat(a.flagged(THRESHOLD)).isFalse();
    }

    @Test
    void eachSignalIsNamedAndWeighed() {
        assertThat(assess(NOTHING_AGAINST.withDeviceUsedByAnotherStudent(true)))
                .isEqualTo(new RiskScore.Assessment(60, List.of("SHARED_DEVICE")));
        assertThat(assess(NOTHING_AGAINST.withProximity(Proximity.FAR)))
                .isEqualTo(new RiskScore.Assessment(60, List.of("FAR_FROM_TEACHER")));
        assertThat(assess(NOTHING_AGAINST.withProximity(Proximity.OUTSIDE)))
                .isEqualTo(new RiskScore.Assessment(20, List.of("OUTSIDE_ROOM")));
        assertThat(assess(NOTHING_AGAINST.withProximity(Proximity.MISSING)))
                .isEqualTo(new RiskScore.Assessment(15, List.of("NO_LOCATION")));
        assertThat(assess(NOTHING_AGAINST.withTypedCode(true)))
                .isEqualTo(new RiskScore.Assessment(20, List.of("TYPED_CODE")));
        assertThat(assess(NOTHING_AGAINST.withAfterWindowEnd(Duration.ofMillis(501))))
                .isEqualTo(new RiskScore.Assessment(25, List.of("OLD_TOKEN")));
        assertThat(assess(NOTHING_AGAINST.withOffCampus(true)))
                .isEqualTo(new RiskScore.Assessment(15, List.of("OFF_CAMPUS")));
        assertThat(assess(NOTHING_AGAINST.withWrongOtps(1)))
                .isEqualTo(new RiskScore.Assessment(20, List.of("WRONG_OTP")));
        assertThat(assess(NOTHING_AGAINST.withBurst(true)))
                .isEqualTo(new RiskScore.Assessment(25, List.of("BURST")));
        assertThat(assess(NOTHING_AGAINST.withFlaggedBefore(true)))
                .isEqualTo(new RiskScore.Assessment(20, List.of("FLAGGED_BEFORE")));
    }

    @Test
    void aFarLocationIsDecisiveOnItsOwn() {
        assertThat(Signal.FAR_FROM_TEACHER.weight()).isGreaterThanOrEqualTo(THRESHOLD);
        assertThat(assess(NOTHING_AGAINST.withAfterWindowEnd(Duration.ofSeconds(-2)).withProximity(Proximity.FAR))
                .flagged(THRESHOLD)).isTrue();
    }

    static RiskScore.Inputs offline(Proximity where, boolean offCampus, boolean afterClose, boolean onlineAtCapture) {
        return NOTHING_AGAINST.withAfterWindowEnd(Duration.ofSeconds(-1))
                .withOffCampus(offCampus)
                .withProximity(where)
                .withOffline(new RiskScore.Offline(afterClose, onlineAtCapture));
    }

    @Test
    void anOfflineClaimIsWeighedByWhatBacksIt() {
        // in the room, network down, synced in class or after it: its position backs it
        assertThat(assess(offline(Proximity.NEAR, false, false, false))).isEqualTo(new RiskScore.Assessment(0, List.of()));
        assertThat(assess(offline(Proximity.NEAR, true, true, false)).flagged(THRESHOLD)).isFalse();
        // no position where the teacher shared one weighs more offline than online (a phone locates without a network)
        assertThat(assess(offline(Proximity.MISSING, false, false, false)))
                .isEqualTo(new RiskScore.Assessment(30, List.of("OFFLINE_NO_LOCATION")));
        assertThat(assess(offline(Proximity.NEAR, false, true, false)).flagged(THRESHOLD)).isFalse();
        // without a position after the close from the campus network: one more piece of evidence is needed
        assertThat(assess(offline(Proximity.MISSING, false, true, false)))
                .isEqualTo(new RiskScore.Assessment(45, List.of("OFFLINE_NO_LOCATION", "OFFLINE_AFTER_CLOSE")));
        // a relayed code sent "offline" after class from elsewhere, without a position: flagged
        assertThat(assess(offline(Proximity.MISSING, true, true, false)))
                .isEqualTo(new RiskScore.Assessment(60, List.of("OFFLINE_NO_LOCATION", "OFF_CAMPUS", "OFFLINE_AFTER_CLOSE")));
        // with a far one, or while the account was heard from at the time it claims to have had no network: flagged alone
        assertThat(assess(offline(Proximity.FAR, false, false, false)).flagged(THRESHOLD)).isTrue();
        assertThat(assess(offline(Proximity.NEAR, false, false, true)))
                .isEqualTo(new RiskScore.Assessment(60, List.of("ONLINE_AT_CAPTURE")));
        // online, the same missing position weighs as before
        assertThat(assess(NOTHING_AGAINST.withProximity(Proximity.MISSING)).score()).isEqualTo(15);
    }

    @ParameterizedTest
    @EnumSource(value = Signal.class, names = {"OUTSIDE_ROOM", "NO_LOCATION", "TYPED_CODE", "OLD_TOKEN", "OFF_CAMPUS",
            "WRONG_OTP", "BURST", "FLAGGED_BEFORE", "OFFLINE_NO_LOCATION", "OFFLINE_AFTER_CLOSE", "LEFT_APP"})
    void everyOtherSignalIsWeakAlone(Signal signal) {
        assertThat(signal.weight()).isLessThan(THRESHOLD);
    }

    @Test
    void leavingTheAppWhileTheCodeWasOnScreenIsWeakEvidenceWithItsCountAndDuration() {
        RiskScore.LeftApp brief = new RiskScore.LeftApp(1, RiskScore.LEFT_APP_SLACK);
        assertThat(assess(NOTHING_AGAINST.withLeftApp(brief)).flags()).as("a notification pulled down and pushed back").isEmpty();
        RiskScore.LeftApp away = new RiskScore.LeftApp(2, Duration.ofSeconds(14));
        assertThat(assess(NOTHING_AGAINST.withLeftApp(away))).as("never enough alone")
                .isEqualTo(new RiskScore.Assessment(15, List.of("LEFT_APP:2:14")));
        assertThat(assess(NOTHING_AGAINST.withLeftApp(away)).flagged(THRESHOLD)).isFalse();
        // a typed code with no location where the teacher shared one, and 14 s away to get it: together, for the teacher
        RiskScore.Assessment relayed = assess(NOTHING_AGAINST.withTypedCode(true).withProximity(Proximity.MISSING).withLeftApp(away)
                .withOffCampus(true));
        assertThat(relayed.flags()).containsExactly("NO_LOCATION", "TYPED_CODE", "OFF_CAMPUS", "LEFT_APP:2:14");
        assertThat(relayed.flagged(THRESHOLD)).isTrue();
    }

    @Test
    void theCodeLeftTheScreenBoundary() {
        assertThat(assess(NOTHING_AGAINST.withAfterWindowEnd(RiskScore.LEFT_SCREEN_SLACK))
                .flags()).isEmpty();
        assertThat(assess(NOTHING_AGAINST.withAfterWindowEnd(RiskScore.LEFT_SCREEN_SLACK.plusMillis(1)))
                .flags()).containsExactly("OLD_TOKEN");
        assertThat(assess(NOTHING_AGAINST.withAfterWindowEnd(Duration.ofSeconds(-3)))
                .flags()).isEmpty();
    }

    @Test
    void aSlowNetworkExplainsAsMuchOfALateArrivalAsItsMeasuredRoundTripUpTo2500Ms() {
        Duration arrived = Duration.ofMillis(2000);
        assertThat(RiskScore.readAfterWindowEnd(arrived, null)).as("no measure: the arrival decides").isEqualTo(arrived);
        assertThat(RiskScore.readAfterWindowEnd(arrived, Duration.ofMillis(1800))).isEqualTo(Duration.ofMillis(200));
        assertThat(RiskScore.readAfterWindowEnd(arrived, Duration.ofMillis(60))).as("a fast network explains little")
                .isEqualTo(Duration.ofMillis(1940));
        assertThat(RiskScore.readAfterWindowEnd(Duration.ofMillis(6000), Duration.ofMillis(60_000)))
                .as("at most 2.5 s, whatever the app claims").isEqualTo(Duration.ofMillis(3500));
        assertThat(RiskScore.readAfterWindowEnd(arrived, Duration.ofMillis(-5))).isEqualTo(arrived);
        // an honest phone 1.8 s from the server: no OLD_TOKEN; a relay on broadband whose video took 2 s: OLD_TOKEN
        assertThat(assess(NOTHING_AGAINST.withAfterWindowEnd(RiskScore.readAfterWindowEnd(arrived, Duration.ofMillis(1800)))).flags()).isEmpty();
        assertThat(assess(NOTHING_AGAINST.withAfterWindowEnd(RiskScore.readAfterWindowEnd(arrived, Duration.ofMillis(60)))).flags()).containsExactly("OLD_TOKEN");
    }

    @Test
    void wrongOtpsCountTwiceAtMost() {
        assertThat(assess(NOTHING_AGAINST.withWrongOtps(2)).score()).isEqualTo(40);
        assertThat(assess(NOTHING_AGAINST.withWrongOtps(5)).score()).isEqualTo(40);
    }

    @Test
    void weakSignalsAddUpAroundTheThreshold() {
        // a scanned code, no location, over mobile data: not flagged (an honest student with location off)
        RiskScore.Assessment qrNoLocationOffCampus = assess(NOTHING_AGAINST.withAfterWindowEnd(Duration.ofSeconds(-1))
                .withOffCampus(true)
                .withProximity(Proximity.MISSING));
        assertThat(qrNoLocationOffCampus.score()).isEqualTo(30);
        assertThat(qrNoLocationOffCampus.flagged(THRESHOLD)).isFalse();
        // … and arriving after the code left the screen: flagged (a live video relay, or a very slow network)
        RiskScore.Assessment late = assess(NOTHING_AGAINST.withAfterWindowEnd(Duration.ofSeconds(2))
                .withOffCampus(true)
                .withProximity(Proximity.MISSING));
        assertThat(late.score()).isEqualTo(55);
        assertThat(late.flagged(THRESHOLD)).isTrue();
        assertThat(late.flags()).containsExactly("NO_LOCATION", "OLD_TOKEN", "OFF_CAMPUS");
        // a typed code with no location on the campus network: not flagged; from elsewhere: flagged
        assertThat(assess(NOTHING_AGAINST.withTypedCode(true).withProximity(Proximity.MISSING)).score()).isEqualTo(35);
        assertThat(assess(NOTHING_AGAINST.withTypedCode(true)
                .withOffCampus(true)
                .withProximity(Proximity.MISSING)).flagged(THRESHOLD)).isTrue();
        // a typed code next to the teacher, even after one wrong try: not flagged
        assertThat(assess(NOTHING_AGAINST.withTypedCode(true).withWrongOtps(1)).score()).isEqualTo(40);
        // a student flagged before and not cleared, without location, over mobile data: flagged
        assertThat(assess(NOTHING_AGAINST.withAfterWindowEnd(Duration.ofSeconds(-1))
                .withOffCampus(true)
                .withProximity(Proximity.MISSING)
                .withFlaggedBefore(true))
                .flagged(THRESHOLD)).isTrue();
    }

    @Test
    void proximityWithoutTheTeachersLocationIsNotCompared() {
        assertThat(RiskScore.proximity(north(5000, 10), null, 150, 1000)).isEqualTo(Proximity.NOT_COMPARED);
        assertThat(RiskScore.proximity(null, null, 150, 1000)).isEqualTo(Proximity.NOT_COMPARED);
    }

    @Test
    void aMissingOrCoarseLocationIsMissing() {
        assertThat(RiskScore.proximity(null, TEACHER, 150, 1000)).isEqualTo(Proximity.MISSING);
        assertThat(RiskScore.proximity(north(0, 1000), TEACHER, 150, 1000)).isEqualTo(Proximity.NEAR);
        // a radius too wide to say anything (or forged to cover any distance) is no location at all
        assertThat(RiskScore.proximity(north(0, 1000.5), TEACHER, 150, 1000)).isEqualTo(Proximity.MISSING);
        assertThat(RiskScore.proximity(north(20_000, 100_000), TEACHER, 150, 1000)).isEqualTo(Proximity.MISSING);
    }

    @Test
    void proximityBoundariesUseBothAccuracies() {
        // radius 150, accuracies 20 + 30 = 50: near up to 200 m, outside up to 250 m, far beyond
        assertThat(RiskScore.proximity(north(199, 30), TEACHER, 150, 1000)).isEqualTo(Proximity.NEAR);
        assertThat(RiskScore.proximity(north(201, 30), TEACHER, 150, 1000)).isEqualTo(Proximity.OUTSIDE);
        assertThat(RiskScore.proximity(north(249, 30), TEACHER, 150, 1000)).isEqualTo(Proximity.OUTSIDE);
        assertThat(RiskScore.proximity(north(251, 30), TEACHER, 150, 1000)).isEqualTo(Proximity.FAR);
        assertThat(RiskScore.proximity(north(8_000, 15), TEACHER, 150, 1000)).isEqualTo(Proximity.FAR);
        // a poor fix widens the room rather than flagging an honest student
        assertThat(RiskScore.proximity(north(560, 400), TEACHER, 150, 1000)).isEqualTo(Proximity.NEAR);
    }

    @Test
    void haversineDistances() {
        assertThat(RiskScore.distanceMeters(12.9716, 77.5946, 12.9716, 77.5946)).isZero();
        // one thousandth of a degree of latitude is about 111 m
        assertThat(RiskScore.distanceMeters(12.9716, 77.5946, 12.9726, 77.5946)).isBetween(110.0, 112.5);
        assertThat(RiskScore.distanceMeters(0, 179.9995, 0, -179.9995)).isBetween(110.0, 112.5);
    }
}
