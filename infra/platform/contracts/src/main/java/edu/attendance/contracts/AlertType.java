package edu.attendance.contracts;

/** What the system spotted in a session: a FLAGGED submission, or a student whose OTP attempts ran out. */
public enum AlertType {
    FLAGGED,
    OTP_ATTEMPTS_EXHAUSTED
}
