package edu.attendance.platform.web;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerErrorException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

import java.nio.channels.ClosedChannelException;
import java.time.DateTimeException;
import java.util.List;
import java.util.Map;

/**
 * The one place that maps failures to problem+json (docs/rules.md "Bad input"): domain errors keep their code, malformed
 * input becomes {@code VALIDATION_FAILED}, unknown routes {@code NOT_FOUND}; anything unexpected is a
 * 500 without internals in the body, logged once with its stack trace.
 */
@Component
@Order(-2)
class ProblemHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (ex instanceof ApiException api) {
            if (api.code() == ErrorCode.RATE_LIMITED && api.extra().get("retryAfterSeconds") instanceof Number n) {
                exchange.getResponse().getHeaders().set("Retry-After", Long.toString(n.longValue()));
            }
            if (api.code() == ErrorCode.UNAVAILABLE) {
                exchange.getResponse().getHeaders().set("Retry-After", "2");
            }
            return ProblemWriter.write(exchange, api.code(), api.status(), api.getMessage(), api.extra());
        }
        if (ex instanceof WebExchangeBindException bind) {
            List<Map<String, Object>> errors = bind.getFieldErrors().stream()
                    .map(f -> Map.<String, Object>of("field", f.getField(),
                            "message", f.getDefaultMessage() == null ? "invalid" : f.getDefaultMessage()))
                    .toList();
            return ProblemWriter.write(exchange, ErrorCode.VALIDATION_FAILED, "request body is invalid",
                    Map.of("errors", errors));
        }
        if (ex instanceof ConstraintViolationException cv) {
            // a request parameter or path segment that breaks its constraint (method validation of a @Validated route)
            List<Map<String, Object>> errors = cv.getConstraintViolations().stream()
                    .map(v -> Map.<String, Object>of("field", parameter(v.getPropertyPath().toString()),
                            "message", v.getMessage() == null ? "invalid" : v.getMessage()))
                    .toList();
            return ProblemWriter.write(exchange, ErrorCode.VALIDATION_FAILED, "request parameters are invalid", Map.of("errors", errors));
        }
        if (isTooLarge(ex)) {
            return ProblemWriter.write(exchange, ErrorCode.PAYLOAD_TOO_LARGE, "request body too large", Map.of());
        }
        if (ex instanceof ServerWebInputException || ex instanceof DecodingException) {
            return ProblemWriter.write(exchange, ErrorCode.VALIDATION_FAILED, inputDetail(ex), Map.of());
        }
        if (ex instanceof InvalidMimeTypeException
                || ex instanceof InvalidMediaTypeException) {
            return ProblemWriter.write(exchange, ErrorCode.VALIDATION_FAILED, "the Content-Type or Accept header is not a valid media type", Map.of());
        }
        if (ex instanceof ServerErrorException se && se.getMethodParameter() != null) {
            // a path variable that converts to nothing (a blank segment where an id belongs): Spring calls it a server error
            String name = se.getMethodParameter().getParameterName();
            return ProblemWriter.write(exchange, ErrorCode.VALIDATION_FAILED, (name == null ? "a path segment" : name)
                    + " is missing or blank", Map.of());
        }
        if (ex instanceof TransientDataAccessException
                || ex instanceof DataAccessResourceFailureException) {
            exchange.getResponse().getHeaders().set("Retry-After", "2");
            log.warn("database unavailable on {} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex.toString());
            return ProblemWriter.write(exchange, ErrorCode.UNAVAILABLE, "the database is not reachable now; retry shortly", Map.of());
        }
        if (ex instanceof DateTimeException) {
            // a date the client sent that the calendar cannot take further (a year past 999 999 999 once a range is added)
            return ProblemWriter.write(exchange, ErrorCode.VALIDATION_FAILED, "a date is out of range", Map.of());
        }
        if (ex instanceof UnsupportedMediaTypeStatusException) {
            return ProblemWriter.write(exchange, ErrorCode.VALIDATION_FAILED, "unsupported content type", Map.of());
        }
        if (ex instanceof AuthenticationException) {
            return ProblemWriter.write(exchange, ErrorCode.UNAUTHENTICATED, "authentication required", Map.of());
        }
        if (ex instanceof AccessDeniedException) {
            return ProblemWriter.write(exchange, ErrorCode.FORBIDDEN, "not allowed for this user", Map.of());
        }
        if (ex instanceof MethodNotAllowedException) {
            return ProblemWriter.write(exchange, ErrorCode.NOT_FOUND, "no such operation", Map.of());
        }
        if (ex instanceof ResponseStatusException rse) {
            HttpStatus status = HttpStatus.resolve(rse.getStatusCode().value());
            if (status == HttpStatus.NOT_FOUND) {
                return ProblemWriter.write(exchange, ErrorCode.NOT_FOUND, "no such resource", Map.of());
            }
            if (status != null && status.is4xxClientError()) {
                return ProblemWriter.write(exchange, ErrorCode.VALIDATION_FAILED,
                        rse.getReason() == null ? status.getReasonPhrase() : rse.getReason(), Map.of());
            }
        }
        if (exchange.getResponse().isCommitted() || clientGone(ex)) {
            // the client went away mid-response (a closed SSE stream, a dropped phone): nothing to answer
            log.debug("client gone on {} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex.toString());
            return Mono.empty();
        }
        log.error("unexpected failure on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
        return ProblemWriter.write(exchange, ErrorCode.INTERNAL, "internal error", Map.of());
    }

    /** {@code classSummary.classId} → {@code classId}: the parameter the client sent, not the method it reached. */
    private static String parameter(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    /** The connection to the client broke (not any I/O failure: a failed call to another server is a failure of ours). */
    private static boolean clientGone(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof AbortedException || t instanceof ClosedChannelException
                    || t.getClass().getName().equals("io.netty.channel.unix.Errors$NativeIoException")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTooLarge(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                return true;
            }
        }
        return false;
    }

    private static String inputDetail(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? "malformed request" : root.getMessage();
        // Jackson names our classes; clients need the field, not the class
        msg = msg.replaceAll("\\s*\\(class [^)]*\\)", "").replaceAll("\\s*\\(for Object starting at[^)]*\\)", "")
                .replaceAll("\\s*\\(\\d+ known properties:[^)]*\\)", "").replaceAll("edu\\.attendance\\.[\\w.$]+", "request");
        // keep it short and free of class names
        int nl = msg.indexOf('\n');
        msg = nl > 0 ? msg.substring(0, nl) : msg;
        return msg.length() > 300 ? msg.substring(0, 300) : msg;
    }
}
