package edu.attendance.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A session opened. Carries the roster snapshot (the students enrolled at that moment), so that no
 * consumer needs a database to decide who is absent.
 */
public record SessionOpened(
        String sessionId,
        String subjectId,
        String classId,
        String periodId,
        LocalDate date,
        String teacherEmail,
        SessionMode mode,
        Instant startedAt,
        Instant lateAt,
        Instant closesAt,
        List<RosterEntry> roster) implements SessionEvent {

    public record RosterEntry(String email, String name) {
    }

    public SessionOpened {
        roster = List.copyOf(roster);
    }
}
