package edu.attendance.analytics;

import java.time.LocalDate;
import java.util.List;

/**
 * "Can I still make it?" (docs/rules.md, "Eligibility forecast"), plain Java: from what a student attended so far in a
 * subject and the classes still scheduled this term (the timetable less holidays and cancelled periods), how many
 * absences they can still afford before the threshold is out of reach, and on which class it is lost if they miss every
 * one from now on.
 *
 * <p>With {@code A} attended of {@code C} countable so far (held − excused) and {@code R} classes to come, the best
 * final rate is {@code (A + R) / (C + R)}; {@code k} absences to come leave {@code (A + R − k) / (C + R)}, so the
 * largest affordable {@code k} is {@code ⌊A + R − t·(C + R)⌋} (at most R). Missing every class from now, the
 * {@code (k+1)}-th class to come is the one that loses it.
 */
record EligibilityForecast(Outcome outcome, int remaining, int affordableAbsences, LocalDate lostOn, Double bestFinalRate) {

    enum Outcome {
        /** Even missing every class to come, the term ends at or above the threshold. */
        SAFE,
        /** Some absences can still be afforded (see {@code affordableAbsences}). */
        ON_TRACK,
        /** Reachable only by attending every class to come. */
        NO_ABSENCES_LEFT,
        /** Not reachable even attending every class to come. */
        OUT_OF_REACH,
        /** Nothing held and nothing scheduled: no rate to forecast. */
        NO_CLASSES
    }

    private static final double EPS = 1e-9;

    /** {@code upcoming}: the dates of the classes still to come, in order (one entry per class). */
    static EligibilityForecast of(long attended, long countable, List<LocalDate> upcoming, double threshold) {
        int r = upcoming.size();
        long total = countable + r;
        if (total <= 0) {
            return new EligibilityForecast(Outcome.NO_CLASSES, 0, 0, null, null);
        }
        double best = (double) (attended + r) / total;
        double slack = attended + r - threshold * total;
        if (slack < -EPS) {
            return new EligibilityForecast(Outcome.OUT_OF_REACH, r, 0, null, Counts.rate(attended + r, total));
        }
        int affordable = (int) Math.min(r, Math.floor(slack + EPS));
        Outcome outcome = affordable >= r ? Outcome.SAFE : affordable == 0 ? Outcome.NO_ABSENCES_LEFT : Outcome.ON_TRACK;
        return new EligibilityForecast(outcome, r, affordable, affordable < r ? upcoming.get(affordable) : null, Counts.rate(attended + r, total));
    }

    /**
     * Whether the term ends under the threshold if the student goes on as lately: the classes to come attended at
     * {@code recentRate}. Null rates forecast nothing.
     */
    static boolean willFallBelow(long attended, long countable, int remaining, Double recentRate, double threshold) {
        if (recentRate == null || countable + remaining <= 0) {
            return false;
        }
        double projected = (attended + recentRate * remaining) / (countable + remaining);
        return projected < threshold - EPS;
    }
}
