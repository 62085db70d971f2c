package edu.attendance.platform.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** A route that takes no body refuses one (a body it would ignore is bad input, not something to accept silently). */
public final class NoBody {

    private NoBody() {
    }

    /** Throws {@code VALIDATION_FAILED} when the request carries a body or says it does. */
    public static void require(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        if (headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING) || headers.getContentType() != null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "this route takes no body");
        }
    }
}
