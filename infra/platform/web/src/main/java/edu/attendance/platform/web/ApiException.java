package edu.attendance.platform.web;

import org.springframework.http.HttpStatus;

import java.util.Map;

/** A domain failure that the API answers with a problem+json of a stable {@link ErrorCode}. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final transient Map<String, Object> extra;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, Map.of());
    }

    public ApiException(ErrorCode code, String detail, Map<String, Object> extra) {
        super(detail, null, false, false);
        this.code = code;
        this.extra = Map.copyOf(extra);
    }

    /** The HTTP status; the code's own unless a subclass narrows it (e.g. 422 for a bad roster file). */
    public HttpStatus status() {
        return code.status();
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra members of the problem body (e.g. {@code errors}, {@code sessionId}, {@code attemptsLeft}). */
    public Map<String, Object> extra() {
        return extra;
    }
}
