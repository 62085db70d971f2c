package edu.attendance.analytics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static edu.attendance.analytics.AtRiskRules.BELOW_THRESHOLD;
import static edu.attendance.analytics.AtRiskRules.CONSECUTIVE_ABSENCES;
import static edu.attendance.analytics.AtRiskRules.RECENT_DROP;
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
}
