package edu.attendance.reports.escalation;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each escalation step fires once per crossing, stays quiet while it holds, and fires again after recovering. */
class EscalationRulesTest {

    static final List<EscalationRules.Step> STEPS = new EscalationSettings(
            List.of("STUDENT:IN_A_ROW:3", "TEACHER:IN_A_ROW:5", "OFFICE:BELOW:0.65"), "-").parsed();

    /** Runs the plan as the daily pass does and returns the keys told this time. */
    static List<String> pass(Set<String> fired, int inARow, Double rate) {
        EscalationRules.Plan plan = EscalationRules.plan(STEPS, new EscalationRules.Measures(inARow, rate), fired);
        plan.rearm().forEach(s -> fired.remove(s.key()));
        plan.fire().forEach(s -> fired.add(s.key()));
        return plan.fire().stream().map(EscalationRules.Step::key).toList();
    }

    @Test
    void eachStepFiresOnceAsItsConditionBecomesTrue() {
        Set<String> fired = new HashSet<>();
        assertThat(pass(fired, 2, 0.80)).isEmpty();
        assertThat(pass(fired, 3, 0.78)).containsExactly("STUDENT:IN_A_ROW:3");
        assertThat(pass(fired, 4, 0.76)).as("still three or more: told already").isEmpty();
        assertThat(pass(fired, 5, 0.74)).containsExactly("TEACHER:IN_A_ROW:5");
        assertThat(pass(fired, 6, 0.72)).isEmpty();
        assertThat(pass(fired, 9, 0.64)).containsExactly("OFFICE:BELOW:0.65");
        assertThat(pass(fired, 10, 0.60)).isEmpty();
        assertThat(fired).containsExactlyInAnyOrder("STUDENT:IN_A_ROW:3", "TEACHER:IN_A_ROW:5", "OFFICE:BELOW:0.65");
    }

    @Test
    void aStepReArmsWhenItsConditionEndsAndFiresOnTheNextCrossing() {
        Set<String> fired = new HashSet<>();
        assertThat(pass(fired, 3, 0.80)).containsExactly("STUDENT:IN_A_ROW:3");
        assertThat(pass(fired, 0, 0.81)).as("came back: re-armed, nothing told").isEmpty();
        assertThat(fired).isEmpty();
        assertThat(pass(fired, 3, 0.78)).as("a second run of absences is told again").containsExactly("STUDENT:IN_A_ROW:3");
    }

    @Test
    void severalStepsCrossingTogetherAreAllToldAtOnce() {
        Set<String> fired = new HashSet<>();
        assertThat(pass(fired, 5, 0.60)).containsExactly("STUDENT:IN_A_ROW:3", "TEACHER:IN_A_ROW:5", "OFFICE:BELOW:0.65");
    }

    @Test
    void theRateStepIsStrictlyUnderItsLevelAndNeedsARate() {
        Set<String> fired = new HashSet<>();
        assertThat(pass(fired, 0, 0.65)).isEmpty();
        assertThat(pass(fired, 0, null)).isEmpty();
        assertThat(pass(fired, 0, 0.6499)).containsExactly("OFFICE:BELOW:0.65");
    }

    @Test
    void aStudentOffEveryListReArmsEverything() {
        Set<String> fired = new HashSet<>(Set.of("STUDENT:IN_A_ROW:3", "OFFICE:BELOW:0.65"));
        EscalationRules.Plan plan = EscalationRules.plan(STEPS, EscalationRules.Measures.NONE, fired);
        assertThat(plan.fire()).isEmpty();
        assertThat(plan.rearm()).extracting(EscalationRules.Step::key).containsExactly("STUDENT:IN_A_ROW:3", "OFFICE:BELOW:0.65");
    }

    @Test
    void stepsAreWrittenAudienceMeasureLevel() {
        assertThat(EscalationRules.Step.parse(" teacher : in_a_row : 5 ")).isEqualTo(
                new EscalationRules.Step(EscalationRules.Audience.TEACHER, EscalationRules.Measure.IN_A_ROW, 5));
        assertThat(EscalationRules.Step.parse("GUARDIAN:IN_A_ROW:5").audience()).isEqualTo(EscalationRules.Audience.GUARDIAN);
        assertThatThrownBy(() -> EscalationRules.Step.parse("TEACHER:IN_A_ROW")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EscalationRules.Step.parse("DEAN:IN_A_ROW:5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EscalationRules.Step.parse("STUDENT:IN_A_ROW:2.5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EscalationRules.Step.parse("OFFICE:BELOW:65")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EscalationSettings(List.of("STUDENT:IN_A_ROW:3"), "every day")).isInstanceOf(IllegalArgumentException.class);
    }
}
