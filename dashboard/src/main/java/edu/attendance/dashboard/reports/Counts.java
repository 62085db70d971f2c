package edu.attendance.dashboard.reports;

/**
 * What happened to one student (or a group) over some sessions. The rate rule of the whole platform:
 * attended = present + late; rate = attended / (held − excused), as a fraction rounded to 4 places, and
 * {@code null} when nothing countable was held. A FLAGGED decision awaits the teacher: held, not attended.
 */
public record Counts(long held, long present, long late, long absent, long excused, long flagged) {

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
}
