package edu.attendance.platform.web;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
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

    /** What the client is told: a code, the status when it is not the code's own, a detail, extra members, a retry hint. */
    record Problem(ErrorCode code, HttpStatus status, String detail, Map<String, Object> extra, String retryAfterSeconds) {

        Problem(ErrorCode code, String detail) {
            this(code, null, detail, Map.of(), null);
        }

        static Problem invalid(String detail) {
            return new Problem(ErrorCode.VALIDATION_FAILED, detail);
        }

        static Problem invalid(String detail, List<Map<String, Object>> errors) {
            return new Problem(ErrorCode.VALIDATION_FAILED, null, detail, Map.of("errors", errors), null);
        }
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        return answer(exchange.getRequest(), exchange.getResponse(), ex);
    }

    /** The answer to a failure, for a request handled with or without the web handler's exchange. */
    static Mono<Void> answer(ServerHttpRequest request, ServerHttpResponse response, Throwable ex) {
        Problem problem = problemOf(ex);
        if (problem == null) {
            if (response.isCommitted() || clientGone(ex)) {
                // the client went away mid-response (a closed SSE stream, a dropped phone): nothing to answer
                log.debug("client gone on {} {}: {}", request.getMethod(), request.getPath(), ex.toString());
                return Mono.empty();
            }
            log.error("unexpected failure on {} {}", request.getMethod(), request.getPath(), ex);
            problem = new Problem(ErrorCode.INTERNAL, "internal error");
        } else if (ex instanceof DataAccessException) {
            log.warn("database unavailable on {} {}: {}", request.getMethod(), request.getPath(), ex.toString());
        }
        if (problem.retryAfterSeconds() != null) {
            response.getHeaders().set("Retry-After", problem.retryAfterSeconds());
        }
        return ProblemWriter.write(request, response, problem.code(), problem.status() == null ? problem.code().status() : problem.status(),
                problem.detail(), problem.extra());
    }

    /** The problem a failure means to the client, or null for a failure of ours (or a client that is gone). */
    static Problem problemOf(Throwable ex) {
        return switch (ex) {
            case ApiException api -> new Problem(api.code(), api.status(), api.getMessage(), api.extra(), retryAfter(api));
            case WebExchangeBindException bind -> Problem.invalid("request body is invalid", bind.getFieldErrors().stream()
                    .map(f -> Map.<String, Object>of("field", f.getField(),
                            "message", f.getDefaultMessage() == null ? "invalid" : f.getDefaultMessage()))
                    .toList());
            // a request parameter or path segment that breaks its constraint (method validation of a @Validated route)
            case ConstraintViolationException cv -> Problem.invalid("request parameters are invalid", cv.getConstraintViolations().stream()
                    .map(v -> Map.<String, Object>of("field", parameter(v.getPropertyPath().toString()),
                            "message", v.getMessage() == null ? "invalid" : v.getMessage()))
                    .toList());
            case Throwable t when isTooLarge(t) -> new Problem(ErrorCode.PAYLOAD_TOO_LARGE, "request body too large");
            case ServerWebInputException input -> Problem.invalid(inputDetail(input));
            case DecodingException decoding -> Problem.invalid(inputDetail(decoding));
            case InvalidMimeTypeException _, InvalidMediaTypeException _ ->
                    Problem.invalid("the Content-Type or Accept header is not a valid media type");
            // a path variable that converts to nothing (a blank segment where an id belongs): Spring calls it a server error
            case ServerErrorException se when se.getMethodParameter() != null -> Problem.invalid(
                    (se.getMethodParameter().getParameterName() == null ? "a path segment" : se.getMethodParameter().getParameterName())
                            + " is missing or blank");
            case TransientDataAccessException _, DataAccessResourceFailureException _ -> new Problem(ErrorCode.UNAVAILABLE, null,
                    "the database is not reachable now; retry shortly", Map.of(), "2");
            // a date the client sent that the calendar cannot take further (a year past 999 999 999 once a range is added)
            case DateTimeException _ -> Problem.invalid("a date is out of range");
            case UnsupportedMediaTypeStatusException _ -> Problem.invalid("unsupported content type");
            case AuthenticationException _ -> new Problem(ErrorCode.UNAUTHENTICATED, "authentication required");
            case AccessDeniedException _ -> new Problem(ErrorCode.FORBIDDEN, "not allowed for this user");
            case MethodNotAllowedException _ -> new Problem(ErrorCode.NOT_FOUND, "no such operation");
            case ResponseStatusException rse -> switch (HttpStatus.resolve(rse.getStatusCode().value())) {
                case NOT_FOUND -> new Problem(ErrorCode.NOT_FOUND, "no such resource");
                case HttpStatus status when status.is4xxClientError() ->
                        Problem.invalid(rse.getReason() == null ? status.getReasonPhrase() : rse.getReason());
                case null, default -> null;
            };
            default -> null;
        };
    }

    /** Rate limits say when to come back; an unavailable dependency, in two seconds. */
    private static String retryAfter(ApiException api) {
        if (api.code() == ErrorCode.RATE_LIMITED && api.extra().get("retryAfterSeconds") instanceof Number n) {
            return Long.toString(n.longValue());
        }
        return api.code() == ErrorCode.UNAVAILABLE ? "2" : null;
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
