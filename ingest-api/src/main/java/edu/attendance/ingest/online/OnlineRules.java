package edu.attendance.ingest.online;

import edu.attendance.contracts.AttendanceStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How minutes in an online meeting become a mark (docs/rules.md, "Online classes"): a student's stays — every
 * reconnect, every meeting instance, every report — merged into the time they were there, counted within the session
 * only; at least the college's share of the session's minutes (75 % by default) is PRESENT, or LATE when they first
 * joined after the session's late time; less is ABSENT.
 */
final class OnlineRules {

    /** A stretch of time, {@code from} before {@code to}. */
    record Interval(Instant from, Instant to) {
        Duration length() {
            return Duration.between(from, to);
        }
    }

    /** What the meeting says of one student: their merged time in the session. */
    record Presence(List<Interval> intervals, Duration time, Instant firstJoin) {
        static final Presence NONE = new Presence(List.of(), Duration.ZERO, null);
    }

    private OnlineRules() {
    }

    /** The stays clipped to the session and merged where they overlap or touch, in time order. */
    static List<Interval> merge(List<Interval> stays, Instant start, Instant end) {
        List<Interval> clipped = new ArrayList<>();
        for (Interval i : stays) {
            Instant from = i.from().isBefore(start) ? start : i.from();
            Instant to = i.to().isAfter(end) ? end : i.to();
            if (from.isBefore(to)) {
                clipped.add(new Interval(from, to));
            }
        }
        clipped.sort(Comparator.comparing(Interval::from));
        List<Interval> merged = new ArrayList<>();
        for (Interval i : clipped) {
            Interval last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && !i.from().isAfter(last.to())) {
                merged.set(merged.size() - 1, new Interval(last.from(), i.to().isAfter(last.to()) ? i.to() : last.to()));
            } else {
                merged.add(i);
            }
        }
        return List.copyOf(merged);
    }

    static Presence presence(List<Interval> stays, Instant start, Instant end) {
        List<Interval> merged = merge(stays, start, end);
        if (merged.isEmpty()) {
            return Presence.NONE;
        }
        Duration time = merged.stream().map(Interval::length).reduce(Duration.ZERO, Duration::plus);
        return new Presence(merged, time, merged.getFirst().from());
    }

    /** The mark the meeting's minutes make, for a session from {@code start} to {@code end} late from {@code lateAt}. */
    static AttendanceStatus decide(Presence p, Instant start, Instant end, Instant lateAt, double minShare) {
        long scheduled = Duration.between(start, end).toSeconds();
        if (scheduled <= 0 || p.time().isZero()) {
            return AttendanceStatus.ABSENT;
        }
        double share = (double) p.time().toSeconds() / scheduled;
        if (share + 1e-9 < minShare) {
            return AttendanceStatus.ABSENT;
        }
        return p.firstJoin().isAfter(lateAt) ? AttendanceStatus.LATE : AttendanceStatus.PRESENT;
    }
}
