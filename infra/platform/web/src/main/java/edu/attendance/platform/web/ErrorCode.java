package edu.attendance.platform.web;

import org.springframework.http.HttpStatus;

/** The stable problem codes of the API (docs/rules.md "Bad input"), each with its HTTP status. */
public enum ErrorCode {
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Validation failed"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    CONFLICT(HttpStatus.CONFLICT, "Conflict"),
    NOT_VERIFIED(HttpStatus.UNAUTHORIZED, "Not verified"),
    DOMAIN_NOT_ALLOWED(HttpStatus.FORBIDDEN, "E-mail domain not allowed"),
    /** The demo's sign-in from another machine without the console's code, or with a wrong one. */
    SIGN_IN_CODE_WRONG(HttpStatus.FORBIDDEN, "Sign-in code needed"),
    /** The account is blocked (integrity failure or the college office): it marks nothing until unblocked. */
    ACCOUNT_BLOCKED(HttpStatus.FORBIDDEN, "Account blocked"),
    DEVICE_PENDING(HttpStatus.FORBIDDEN, "Device pending approval"),
    /** The college checks Play Integrity and the registration's token is missing, unreadable, stale or another's. */
    INTEGRITY_TOKEN_INVALID(HttpStatus.UNPROCESSABLE_CONTENT, "Integrity token invalid"),
    DEVICE_BLOCKED(HttpStatus.FORBIDDEN, "Device blocked"),
    DEVICE_MISMATCH(HttpStatus.FORBIDDEN, "Not the student's active device"),
    /** The device holds a key (passkey or install key), or the college requires one, and the request carries no proof by it. */
    DEVICE_PROOF_REQUIRED(HttpStatus.FORBIDDEN, "Device proof required"),
    /** The device's proof (a passkey assertion or an install key's signature) does not verify for this code and student. */
    DEVICE_PROOF_INVALID(HttpStatus.FORBIDDEN, "Device proof invalid"),
    QR_INVALID(HttpStatus.UNPROCESSABLE_CONTENT, "QR token invalid"),
    QR_EXPIRED(HttpStatus.UNPROCESSABLE_CONTENT, "QR token expired"),
    SESSION_NOT_OPEN(HttpStatus.CONFLICT, "Session not open"),
    NOT_ENROLLED(HttpStatus.FORBIDDEN, "Not enrolled in this session's class"),
    ALREADY_MARKED(HttpStatus.CONFLICT, "Already marked"),
    OTP_WRONG(HttpStatus.UNPROCESSABLE_CONTENT, "Wrong OTP"),
    OTP_ATTEMPTS_EXHAUSTED(HttpStatus.TOO_MANY_REQUESTS, "OTP attempts exhausted"),
    OFFLINE_TOO_LATE(HttpStatus.UNPROCESSABLE_CONTENT, "Offline submission synced too late"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    /** An absence claim filed after the college's deadline for the days it covers. */
    CLAIM_TOO_LATE(HttpStatus.UNPROCESSABLE_CONTENT, "Claim deadline passed"),
    /** A claim's document is not a PDF, JPEG or PNG by its content, or not what it said it was. */
    UNSUPPORTED_DOCUMENT(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported document"),
    /** An LMS launch (LTI 1.3) that fails a check: {@code reason} says which (docs/lms.md). */
    LTI_LAUNCH_REFUSED(HttpStatus.UNAUTHORIZED, "LMS launch refused"),
    /** The request line (path and query) is longer than the server reads. */
    URI_TOO_LONG(HttpStatus.URI_TOO_LONG, "URI too long"),
    /** The request's headers are larger than the server reads. */
    HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request headers too large"),
    /** The request's headers did not arrive in time. */
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "Request timeout"),
    /** Not a client error: the log (Kafka) could not acknowledge the write; retry later. */
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable"),
    /** A bug, never a client's fault; the body carries no internals. */
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String title;

    ErrorCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
