package edu.attendance.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * docs/rules.md "At-risk", plain Java: a student is at risk in a subject when the term rate is under the threshold,
 * when the latest sessions were missed in a row, or when the recent rate fell well under the term rate.
 */
final class AtRiskRules {

    public static final String BELOW_THRESHOLD = "BELOW_THRESHOLD";
    public static final String CONSECUTIVE_ABSENCES = "CONSECUTIVE_ABSENCES";
    public static final String RECENT_DROP = "RECENT_DROP";
    /** Even attending every class still scheduled this term, the rate ends under the threshold. */
    public static final String OUT_OF_REACH = "OUT_OF_REACH";
    /** At or above the threshold now, but the recent pace carried to the term's end ends under it. */
    public static final String WILL_FALL_BELOW = "WILL_FALL_BELOW";

    /** {@code threshold} and {@code recentDrop} as fractions (0.75, 0.15). */
    public record Policy(double threshold, int consecutiveAbsences, double recentDrop) {
    }

    private AtRiskRules() {
    }

    /** The reasons without a forecast (no classes known to be still to come). */
    public static List<String> reasons(Counts term, Counts recent, int trailingAbsences, Policy policy) {
        return reasons(term, recent, trailingAbsences, null, policy);
    }

    /**
     * The reasons, in a fixed order; empty when the student is not at risk. {@code upcoming}: the dates of the subject's
     * classes still to come this term ({@link EligibilityForecast}); null when not known (no forecast reasons then).
     */
    public static List<String> reasons(Counts term, Counts recent, int trailingAbsences, List<java.time.LocalDate> upcoming, Policy policy) {
        List<String> reasons = new ArrayList<>(5);
        Double termRate = term.rate();
        Double recentRate = recent.rate();
        long countable = term.held() - term.excused();
        if (termRate != null && termRate < policy.threshold()) {
            reasons.add(BELOW_THRESHOLD);
            if (upcoming != null && EligibilityForecast.of(term.attended(), countable, upcoming, policy.threshold()).outcome()
                    == EligibilityForecast.Outcome.OUT_OF_REACH) {
                reasons.add(OUT_OF_REACH);
            }
        } else if (termRate != null && upcoming != null && EligibilityForecast.willFallBelow(term.attended(), countable, upcoming.size(), recentRate, policy.threshold())) {
            reasons.add(WILL_FALL_BELOW);
        }
        if (trailingAbsences >= policy.consecutiveAbsences()) {
            reasons.add(CONSECUTIVE_ABSENCES);
        }
        // a tolerance below a rate's rounding step, so that exactly 15 points counts as 15 points
        if (termRate != null && recentRate != null && termRate - recentRate >= policy.recentDrop() - 1e-9) {
            reasons.add(RECENT_DROP);
        }
        return reasons;
    }

    /**
     * Absences in a row up to the latest session, from statuses oldest first. An excused session neither
     * counts nor breaks the run; anything else (present, late, flagged — the student came) ends it.
     */
    public static int trailingAbsences(List<String> statusesOldestFirst) {
        int run = 0;
        for (int i = statusesOldestFirst.size() - 1; i >= 0; i--) {
            String s = statusesOldestFirst.get(i);
            if (s.equals("ABSENT")) {
                run++;
            } else if (endsRun(s)) {
                break;
            }
        }
        return run;
    }

    /**
     * Whether these statuses (the latest ones, oldest first) hold the session that ends the run of absences: then
     * {@link #trailingAbsences} over them equals it over any longer history that ends with them, and the history
     * before them need not be read.
     */
    public static boolean runEndsWithin(List<String> latestStatusesOldestFirst) {
        return latestStatusesOldestFirst.stream().anyMatch(AtRiskRules::endsRun);
    }

    /** The student came (present, late, flagged): a run of absences stops there. Excused neither counts nor stops it. */
    private static boolean endsRun(String status) {
        return !status.equals("ABSENT") && !status.equals("EXCUSED");
    }
}
