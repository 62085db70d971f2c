package edu.attendance.platform.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes RFC 9457 problem+json bodies: {@code type, title, status, detail, code} plus extras. */
public final class ProblemWriter {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ProblemWriter() {
    }

    public static Map<String, Object> body(ErrorCode code, HttpStatus status, String detail, Map<String, Object> extra,
                                           String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://attendance.example/problems/" + code.name().toLowerCase().replace('_', '-'));
        body.put("title", code.title());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("code", code.name());
        if (instance != null) {
            body.put("instance", instance);
        }
        body.putAll(extra);
        return body;
    }

    /**
     * Reactor Netty answered the request itself (a body it could not decode: its 400, with our problem body from
     * {@link HttpServerGuards}) while Spring was still handling it: writing again would fail as "status and headers
     * already sent" and be logged as a 500 nobody received.
     */
    private static boolean answeredByTheServer(ServerHttpResponse response) {
        ServerHttpResponse r = response;
        while (r instanceof ServerHttpResponseDecorator d) {
            r = d.getDelegate();
        }
        if (!(r instanceof AbstractServerHttpResponse a)) {
            return false;
        }
        try {
            return a.getNativeResponse() instanceof HttpServerResponse n && n.hasSentHeaders();
        } catch (IllegalStateException noServer) {
            return false; // a test's mock response: there is no server underneath
        }
    }

    /** A problem body as bytes, for the layers below Spring (the HTTP server's own refusals). */
    public static byte[] bytes(ErrorCode code, String detail, String instance) {
        return MAPPER.writeValueAsBytes(body(code, code.status(), detail, Map.of(), instance));
    }

    public static Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail, Map<String, Object> extra) {
        return write(exchange, code, code.status(), detail, extra);
    }

    public static Mono<Void> write(ServerWebExchange exchange, ErrorCode code, HttpStatus status, String detail,
                                   Map<String, Object> extra) {
        return write(exchange.getRequest(), exchange.getResponse(), code, status, detail, extra);
    }

    /**
     * The answer to any failure — a domain refusal, bad input, an unavailable dependency, a failure of ours — as the
     * platform's exception handler gives it, for a route served below Spring's web handler (the capture fast lane).
     */
    public static Mono<Void> answer(ServerHttpRequest request, ServerHttpResponse response, Throwable failure) {
        return ProblemHandler.answer(request, response, failure);
    }

    static Mono<Void> write(ServerHttpRequest request, ServerHttpResponse response, ErrorCode code, HttpStatus status, String detail,
                            Map<String, Object> extra) {
        if (response.isCommitted() || answeredByTheServer(response)) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] bytes = MAPPER.writeValueAsBytes(body(code, status, detail, extra, request.getPath().value()));
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }
}
