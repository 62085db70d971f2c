package edu.attendance.reports.escalation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Escalation steps (docs/rules.md, "Escalation"), plain Java: each step is a condition on a student's record in one
 * subject and whom it tells; a step fires once when its condition becomes true, stays quiet while it holds, and is
 * re-armed when it no longer does — so a second crossing later in the term is told again.
 */
final class EscalationRules {

    private EscalationRules() {
    }

    /** Who a step tells: the student, the subject's teacher, the college office (every admin), or the student's guardian. */
    enum Audience {
        STUDENT, TEACHER, OFFICE, GUARDIAN
    }

    /** What a step watches: absences in a row (at least {@code level}), or the term's rate (under {@code level}). */
    enum Measure {
        IN_A_ROW, BELOW
    }

    /** One step, written {@code AUDIENCE:MEASURE:LEVEL} in the settings (e.g. {@code TEACHER:IN_A_ROW:5}). */
    record Step(Audience audience, Measure measure, double level) {

        Step {
            if (measure == Measure.IN_A_ROW && (level < 1 || level != Math.rint(level))) {
                throw new IllegalArgumentException("absences in a row are a whole number of at least 1: " + level);
            }
            if (measure == Measure.BELOW && (level <= 0 || level > 1)) {
                throw new IllegalArgumentException("a rate is a fraction above 0 and at most 1 (0.65 = 65 %): " + level);
            }
        }

        static Step parse(String spec) {
            String[] parts = spec.strip().split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("an escalation step is AUDIENCE:MEASURE:LEVEL, e.g. TEACHER:IN_A_ROW:5 — not " + spec);
            }
            return new Step(Audience.valueOf(parts[0].strip().toUpperCase(Locale.ROOT)), Measure.valueOf(parts[1].strip().toUpperCase(Locale.ROOT)),
                    Double.parseDouble(parts[2].strip()));
        }

        /** The step as stored and configured. */
        String key() {
            return audience + ":" + measure + ":" + (measure == Measure.IN_A_ROW ? Integer.toString((int) level) : Double.toString(level));
        }

        boolean holds(Measures m) {
            return switch (measure) {
                case IN_A_ROW -> m.inARow() >= level;
                case BELOW -> m.rate() != null && m.rate() < level - 1e-9;
            };
        }
    }

    /** A student's record in one subject now: absences in a row up to the latest class, the term's rate (null: none). */
    record Measures(int inARow, Double rate) {
        static final Measures NONE = new Measures(0, null);
    }

    /** What to do for one student and subject: the steps to tell now, and the fired ones to re-arm. */
    record Plan(List<Step> fire, List<Step> rearm) {
    }

    /** {@code fired}: the keys of the steps already told for the crossing under way. */
    static Plan plan(List<Step> steps, Measures now, Set<String> fired) {
        List<Step> fire = new ArrayList<>();
        List<Step> rearm = new ArrayList<>();
        for (Step s : steps) {
            boolean holds = s.holds(now);
            boolean told = fired.contains(s.key());
            if (holds && !told) {
                fire.add(s);
            } else if (!holds && told) {
                rearm.add(s);
            }
        }
        return new Plan(fire, rearm);
    }
}
