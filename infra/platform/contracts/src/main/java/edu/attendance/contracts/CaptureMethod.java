package edu.attendance.contracts;

/**
 * How a decision came about: a scanned QR code, a typed code, a teacher's mark, the close (absent), or the online
 * meeting's participant report (minutes in the meeting, reviewed by the teacher).
 */
public enum CaptureMethod {
    QR, OTP, MANUAL, AUTO, MEETING;

    /** A student's own proof of presence (QR or OTP), as opposed to the teacher's or the clock's. */
    public boolean byStudent() {
        return this == QR || this == OTP;
    }
}
