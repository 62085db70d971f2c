package edu.attendance.contracts;

/** A student's state in a session. {@code PENDING} exists only in live views, never in history. */
public enum AttendanceStatus {
    PENDING, PRESENT, LATE, ABSENT, EXCUSED, FLAGGED;

    /** Counts towards attendance. */
    public boolean attended() {
        return this == PRESENT || this == LATE;
    }
}
