package edu.attendance.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Something the system spotted in a session — "spotted by the system" on the teacher's screen: a
 * flagged submission and its signals, or a student whose OTP attempts ran out.
 */
public record AlertRaised(String sessionId, AlertType type, Instant at, List<String> students, String detail) {

    public AlertRaised {
        students = List.copyOf(students);
    }
}
