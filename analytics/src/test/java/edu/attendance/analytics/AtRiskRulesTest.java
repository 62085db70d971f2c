package edu.attendance.analytics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static edu.attendance.analytics.AtRiskRules.BELOW_THRESHOLD;
import static edu.attendance.analytics.AtRiskRules.CONSECUTIVE_ABSENCES;
import static edu.attendance.analytics.AtRiskRules.OUT_OF_REACH;
import static edu.attendance.analytics.AtRiskRules.RECENT_DROP;
import static edu.attendance.analytics.AtRiskRules.WILL_FALL_BELOW;
import static org.assertj.core.api.Assertions.assertThat;

class AtRiskRulesTest {

    static final AtRiskRules.Policy POLICY = new AtRiskRules.Policy(0.75, 3, 0.15);

    /** {@code attended} of {@code held}, nobody excused. */
    static Counts of(int attended, int held) {
        return new Counts(held, attended, 0, held - attended, 0, 0);
    }

    @Test
    void theRateIsAttendedOverHeldLessExcused() {
        assertThat(new Counts(10, 6, 1, 1, 2, 0).rate()).isEqualTo(0.875);
        assertThat(new Counts(3, 1, 0, 2, 0, 0).rate()).isEqualTo(0.3333);
        assertThat(new Counts(2, 0, 0, 0, 2, 0).rate()).isNull();
        assertThat(Counts.NONE.rate()).isNull();
        assertThat(new Counts(4, 2, 0, 0, 0, 2).rate()).as("flagged awaits the teacher: not attended").isEqualTo(0.5);
    }

    @Test
    void underTheThresholdOnlyStrictly() {
        assertThat(AtRiskRules.reasons(of(74, 100), of(74, 100), 0, POLICY)).containsExactly(BELOW_THRESHOLD);
        assertThat(AtRiskRules.reasons(of(75, 100), of(75, 100), 0, POLICY)).isEmpty();
        assertThat(AtRiskRules.reasons(Counts.NONE, Counts.NONE, 0, POLICY)).as("nothing held yet").isEmpty();
    }

    @Test
    void threeAbsencesInARowUpToTheLatestSession() {
        assertThat(AtRiskRules.trailingAbsences(List.of("PRESENT", "ABSENT", "ABSENT", "ABSENT"))).isEqualTo(3);
        assertThat(AtRiskRules.trailingAbsences(List.of("ABSENT", "ABSENT", "ABSENT", "LATE"))).isZero();
        assertThat(AtRiskRules.trailingAbsences(List.of("ABSENT", "EXCUSED", "ABSENT"))).as("excused neither counts nor breaks").isEqualTo(2);
        assertThat(AtRiskRules.trailingAbsences(List.of("ABSENT", "FLAGGED"))).as("flagged: the student came").isZero();
        assertThat(AtRiskRules.trailingAbsences(List.of())).isZero();
        assertThat(AtRiskRules.reasons(of(90, 100), of(9, 10), 3, POLICY)).containsExactly(CONSECUTIVE_ABSENCES);
        assertThat(AtRiskRules.reasons(of(90, 100), of(9, 10), 2, POLICY)).isEmpty();
    }

    @Test
    void theLatestStatusesAloneGiveTheRunWhenTheyHoldItsEnd() {
        // every history of up to six sessions over every status, cut at every point: when the latest part holds a
        // session the student came to, the run counted over it is the run counted over the whole history
        List<String> kinds = List.of("PRESENT", "LATE", "ABSENT", "EXCUSED", "FLAGGED");
        int checked = 0;
        for (int length = 0; length <= 6; length++) {
            for (int n = 0; n < Math.pow(kinds.size(), length); n++) {
                List<String> all = new ArrayList<>();
                for (int i = 0, rest = n; i < length; i++, rest /= kinds.size()) {
                    all.add(kinds.get(rest % kinds.size()));
                }
                for (int cut = 0; cut <= length; cut++) {
                    List<String> latest = all.subList(cut, length);
                    if (AtRiskRules.runEndsWithin(latest)) {
                        assertThat(AtRiskRules.trailingAbsences(latest)).as("%s from %d", all, cut).isEqualTo(AtRiskRules.trailingAbsences(all));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
        assertThat(AtRiskRules.runEndsWithin(List.of("ABSENT", "EXCUSED"))).as("nothing the student came to").isFalse();
        assertThat(AtRiskRules.runEndsWithin(List.of())).isFalse();
        assertThat(AtRiskRules.runEndsWithin(List.of("FLAGGED", "ABSENT"))).isTrue();
    }

    @Test
    void aRecentRateFifteenPointsUnderTheTermRate() {
        assertThat(AtRiskRules.reasons(of(90, 100), of(15, 20), 0, POLICY)).containsExactly(RECENT_DROP);
        assertThat(AtRiskRules.reasons(of(90, 100), of(16, 20), 0, POLICY)).as("14 points").isEmpty();
        assertThat(AtRiskRules.reasons(of(90, 100), Counts.NONE, 0, POLICY)).as("no recent session").isEmpty();
    }

    @Test
    void reasonsCombineInAFixedOrder() {
        assertThat(AtRiskRules.reasons(of(50, 100), of(0, 4), 4, POLICY))
                .containsExactly(BELOW_THRESHOLD, CONSECUTIVE_ABSENCES, RECENT_DROP);
    }

    @Test
    void sessionsNeededToReachTheThreshold() {
        assertThat(Counts.sessionsToReach(6, 10, 0.75)).as("(6+k)/(10+k) >= 0.75 from k = 6").isEqualTo(6);
        assertThat(Counts.sessionsToReach(15, 20, 0.75)).as("already there").isZero();
        assertThat(Counts.sessionsToReach(0, 0, 0.75)).isZero();
        assertThat(Counts.sessionsToReach(0, 1, 0.75)).isEqualTo(3);
        assertThat(Counts.sessionsToReach(2, 3, 0.75)).isEqualTo(1);
        assertThat(Counts.sessionsToReach(9, 10, 1.0)).as("never, after a miss").isNull();
        assertThat(Counts.sessionsToReach(10, 10, 1.0)).isZero();
        for (int attended = 0; attended <= 30; attended++) {
            for (int countable = Math.max(1, attended); countable <= 30; countable++) {
                Integer k = Counts.sessionsToReach(attended, countable, 0.75);
                assertThat((attended + k) / (double) (countable + k)).isGreaterThanOrEqualTo(0.75 - 1e-12);
                if (k > 0) {
                    assertThat((attended + k - 1) / (double) (countable + k - 1)).as("the smallest k").isLessThan(0.75);
                }
            }
        }
    }

    static List<java.time.LocalDate> toCome(int n) {
        List<java.time.LocalDate> d = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            d.add(java.time.LocalDate.parse("2026-12-07").plusDays(i));
        }
        return d;
    }

    @Test
    void belowTheThresholdAndOutOfReachWhenEvenEveryClassToComeCannotLiftIt() {
        // 10 of 20 (50 %): with 10 to come at best 20 of 30 (67 %); with 30 to come 40 of 50 (80 %)
        assertThat(AtRiskRules.reasons(of(10, 20), of(5, 5), 0, toCome(10), POLICY)).containsExactly(BELOW_THRESHOLD, OUT_OF_REACH);
        assertThat(AtRiskRules.reasons(of(10, 20), of(5, 5), 0, toCome(30), POLICY)).containsExactly(BELOW_THRESHOLD);
    }

    @Test
    void willFallBelowWhenTheRecentPaceCarriedToTheTermsEndEndsUnderIt() {
        // 16 of 20 (80 %), lately 1 of 2 (50 %), 20 to come: (16 + 10) / 40 = 65 % (and a recent drop of 30 points)
        assertThat(AtRiskRules.reasons(of(16, 20), of(1, 2), 0, toCome(20), POLICY)).containsExactly(WILL_FALL_BELOW, RECENT_DROP);
        // the same with nothing to come: the term rate stands at 80 %
        assertThat(AtRiskRules.reasons(of(16, 20), of(1, 2), 0, List.of(), POLICY)).containsExactly(RECENT_DROP);
        // lately 13 of 20 (65 %, 15 points down is a drop) with 100 to come: (16 + 65) / 120 = 67.5 %
        assertThat(AtRiskRules.reasons(of(16, 20), of(13, 20), 0, toCome(100), POLICY)).containsExactly(WILL_FALL_BELOW, RECENT_DROP);
        // lately 14 of 20 (70 %, 10 points: not a drop) with 100 to come: (16 + 70) / 120 = 71.7 %: will fall below, alone
        assertThat(AtRiskRules.reasons(of(16, 20), of(14, 20), 0, toCome(100), POLICY)).containsExactly(WILL_FALL_BELOW);
        // lately at 80 % too: no reason
        assertThat(AtRiskRules.reasons(of(16, 20), of(4, 5), 0, toCome(20), POLICY)).isEmpty();
    }
}
