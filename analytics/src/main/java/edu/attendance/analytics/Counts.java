package edu.attendance.analytics;

/**
 * What happened to one student (or a group) over some sessions. The rate rule of the whole platform:
 * attended = present + late; rate = attended / (held − excused), as a fraction rounded to 4 places, and
 * {@code null} when nothing countable was held. A FLAGGED decision awaits the teacher: held, not attended.
 */
record Counts(long held, long present, long late, long absent, long excused, long flagged) {

    public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);

    public long attended() {
        return present + late;
    }

    public Double rate() {
        return rate(attended(), held - excused);
    }

    public static Double rate(long attended, long countable) {
        return countable <= 0 ? null : Math.round(attended * 10000.0 / countable) / 10000.0;
    }

    public Counts plus(Counts o) {
        return new Counts(held + o.held, present + o.present, late + o.late, absent + o.absent, excused + o.excused,
                flagged + o.flagged);
    }

    /**
     * How many sessions in a row the student must attend for the rate to reach {@code threshold} (a fraction):
     * 0 when it already does or nothing was held, {@code null} when it never can (a threshold of 1 after a miss).
     */
    public static Integer sessionsToReach(long attended, long countable, double threshold) {
        if (countable <= 0 || attended >= threshold * countable - 1e-9) {
            return 0;
        }
        if (threshold >= 1.0) {
            return null;
        }
        // smallest k with (attended + k) / (countable + k) >= threshold
        long k = (long) Math.ceil((threshold * countable - attended) / (1 - threshold) - 1e-9);
        while (k > 0 && attended + k - 1 >= threshold * (countable + k - 1) - 1e-9) {
            k--;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, k));
    }
}
