package edu.attendance.analytics;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The forecast's arithmetic at and around its boundaries. */
class EligibilityForecastTest {

    static final LocalDate MONDAY = LocalDate.parse("2026-12-07");

    /** {@code n} classes to come, one a day from tomorrow. */
    static List<LocalDate> upcoming(int n) {
        List<LocalDate> d = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            d.add(MONDAY.plusDays(i));
        }
        return d;
    }

    @Test
    void absencesStillAffordableAndTheClassThatLosesIt() {
        // 15 of 20 so far (75 %), 20 to come: at the end 40 held, 30 needed → 5 more absences affordable
        EligibilityForecast f = EligibilityForecast.of(15, 20, upcoming(20), 0.75);
        assertThat(f.outcome()).isEqualTo(EligibilityForecast.Outcome.ON_TRACK);
        assertThat(f.remaining()).isEqualTo(20);
        assertThat(f.affordableAbsences()).isEqualTo(5);
        assertThat(f.lostOn()).as("missing all from now, the sixth class to come loses it").isEqualTo(MONDAY.plusDays(6));
        assertThat(f.bestFinalRate()).isEqualTo(0.875);
    }

    @Test
    void exactlyAtTheThresholdCountsAsMeetingIt() {
        // 3 of 4, nothing to come: exactly 75 %
        assertThat(EligibilityForecast.of(3, 4, List.of(), 0.75).outcome()).isEqualTo(EligibilityForecast.Outcome.SAFE);
        // 2 of 4, 4 to come: 6 of 8 needs every one of them
        EligibilityForecast f = EligibilityForecast.of(2, 4, upcoming(4), 0.75);
        assertThat(f.outcome()).isEqualTo(EligibilityForecast.Outcome.NO_ABSENCES_LEFT);
        assertThat(f.affordableAbsences()).isZero();
        assertThat(f.lostOn()).as("the very next class").isEqualTo(MONDAY.plusDays(1));
    }

    @Test
    void outOfReachWhenEvenFullAttendanceFallsShort() {
        EligibilityForecast f = EligibilityForecast.of(1, 6, upcoming(4), 0.75);
        assertThat(f.outcome()).isEqualTo(EligibilityForecast.Outcome.OUT_OF_REACH);
        assertThat(f.bestFinalRate()).isEqualTo(0.5);
        assertThat(f.lostOn()).isNull();
        assertThat(EligibilityForecast.of(0, 1, List.of(), 0.75).outcome()).isEqualTo(EligibilityForecast.Outcome.OUT_OF_REACH);
    }

    @Test
    void safeWhenEveryClassToComeCouldBeMissed() {
        EligibilityForecast f = EligibilityForecast.of(30, 30, upcoming(5), 0.75);
        assertThat(f.outcome()).isEqualTo(EligibilityForecast.Outcome.SAFE);
        assertThat(f.affordableAbsences()).isEqualTo(5);
        assertThat(f.lostOn()).isNull();
    }

    @Test
    void excusedClassesCountForNeitherSideAndFewerClassesToComeMeanFewerAbsences() {
        // 12 held, 4 excused: 6 of 8 countable; holidays and cancellations leave 4 classes instead of 8
        assertThat(EligibilityForecast.of(6, 8, upcoming(8), 0.75).affordableAbsences()).isEqualTo(2);
        assertThat(EligibilityForecast.of(6, 8, upcoming(4), 0.75).affordableAbsences()).isEqualTo(1);
        // with every class excused so far, only what is to come counts
        assertThat(EligibilityForecast.of(0, 0, upcoming(4), 0.75).affordableAbsences()).isEqualTo(1);
    }

    @Test
    void nothingHeldNothingToComeIsNoForecast() {
        EligibilityForecast f = EligibilityForecast.of(0, 0, List.of(), 0.75);
        assertThat(f.outcome()).isEqualTo(EligibilityForecast.Outcome.NO_CLASSES);
        assertThat(f.bestFinalRate()).isNull();
    }

    @Test
    void aThresholdOfAllOrNothing() {
        assertThat(EligibilityForecast.of(5, 5, upcoming(3), 1.0).outcome()).isEqualTo(EligibilityForecast.Outcome.NO_ABSENCES_LEFT);
        assertThat(EligibilityForecast.of(4, 5, upcoming(3), 1.0).outcome()).isEqualTo(EligibilityForecast.Outcome.OUT_OF_REACH);
        assertThat(EligibilityForecast.of(0, 5, upcoming(3), 0.0).outcome()).isEqualTo(EligibilityForecast.Outcome.SAFE);
    }

    @Test
    void willFallBelowWhenTheRecentPaceCarriedToTheEndOfTermEndsUnder() {
        // 16 of 20 (80 %) so far, 20 to come; lately 50 %: (16 + 10) / 40 = 65 %
        assertThat(EligibilityForecast.willFallBelow(16, 20, 20, 0.5, 0.75)).isTrue();
        // lately 75 %: (16 + 15) / 40 = 77.5 %
        assertThat(EligibilityForecast.willFallBelow(16, 20, 20, 0.75, 0.75)).isFalse();
        // exactly at it: (15 + 15) / 40
        assertThat(EligibilityForecast.willFallBelow(15, 20, 20, 0.75, 0.75)).isFalse();
        assertThat(EligibilityForecast.willFallBelow(16, 20, 0, 0.0, 0.75)).as("nothing to come: the term rate stands").isFalse();
        assertThat(EligibilityForecast.willFallBelow(16, 20, 20, null, 0.75)).isFalse();
    }
}
