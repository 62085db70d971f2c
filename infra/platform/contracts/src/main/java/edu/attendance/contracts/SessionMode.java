package edu.attendance.contracts;

/** Which proofs a session takes. */
public enum SessionMode {
    QR, OTP, QR_AND_OTP;

    public boolean accepts(CaptureMethod method) {
        return switch (this) {
            case QR -> method == CaptureMethod.QR;
            case OTP -> method == CaptureMethod.OTP;
            case QR_AND_OTP -> method == CaptureMethod.QR || method == CaptureMethod.OTP;
        };
    }
}
