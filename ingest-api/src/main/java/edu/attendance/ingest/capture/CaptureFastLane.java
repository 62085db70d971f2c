package edu.attendance.ingest.capture;

import edu.attendance.platform.security.AccessTokens;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The QR scan route ({@code POST /api/v1/scans}) served below Spring's web handler: the scan that arrives at the top of
 * the hour is the platform's hottest request, and most of its cost was the general machinery around the capture rules —
 * the exchange, Spring Security's filter chain, the handler mapping over every route, argument resolution and content
 * negotiation. Here a well-formed scan of a student whose token verifies is read by {@link ScanJson} (the record's
 * constraints, checked field by field as it is read), handed to the same {@link Capture} and answered with the same JSON
 * (its refusals by the platform's problem writer, with the same codes and {@code Retry-After}).
 *
 * <p>Anything else — another route, a query string, no or an oversized {@code Content-Length}, another content type, a
 * body that does not parse or breaks a constraint, a header the firewall refuses, a missing, malformed or refused
 * token, a caller who is not a student — goes through the full chain unchanged (the body read here is handed on), so
 * every refusal there keeps its one source. Load shedding and the server's guards run before both paths.
 * {@code attendance.admission.fast-lane=false} turns it off.
 */
@Component
class CaptureFastLane implements HttpHandlerDecoratorFactory {

    static final String SCANS = "/api/v1/scans";
    /** A scan's body is ~300 bytes; anything much larger is for the chain to judge (and refuse). */
    private static final long MAX_BODY = 4_096;

    private final AdmissionSettings settings;
    private final AccessTokens tokens;
    private final Capture capture;
    private final ClientAddress addresses;
    private final ScanJson scans;
    private final ObjectWriter answers;
    private final Counter served;
    private final Counter handedOn;

    CaptureFastLane(AdmissionSettings settings, AccessTokens tokens, Capture capture, ClientAddress addresses, JsonMapper json,
                    ObjectProvider<MeterRegistry> meterRegistry) {
        MeterRegistry meters = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
        this.settings = settings;
        this.tokens = tokens;
        this.capture = capture;
        this.addresses = addresses;
        this.scans = new ScanJson(json);
        this.answers = json.writerFor(Capture.Accepted.class);
        this.served = Counter.builder("attendance.capture.fast.lane").tag("path", "served")
                .description("QR scans answered below the web handler").register(meters);
        this.handedOn = Counter.builder("attendance.capture.fast.lane").tag("path", "handed-on")
                .description("QR scans the fast lane handed to the full chain").register(meters);
    }

    @Override
    public HttpHandler apply(HttpHandler chain) {
        if (!settings.fastLane()) {
            return chain;
        }
        return (request, response) -> candidate(request) ? scan(request, response, chain) : chain.handle(request, response);
    }

    static boolean candidate(ServerHttpRequest request) {
        HttpHeaders h = request.getHeaders();
        long length = h.getContentLength();
        MediaType type;
        try {
            type = h.getContentType();
        } catch (RuntimeException invalid) {
            return false;
        }
        return request.getMethod() == HttpMethod.POST && SCANS.equals(request.getURI().getRawPath())
                && request.getURI().getRawQuery() == null && length > 0 && length <= MAX_BODY
                && !h.containsHeader(HttpHeaders.TRANSFER_ENCODING)
                && type != null && MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type);
    }

    private Mono<Void> scan(ServerHttpRequest request, ServerHttpResponse response, HttpHandler chain) {
        return DataBufferUtils.join(request.getBody(), (int) MAX_BODY)
                .map(CaptureFastLane::bytes)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    ScanController.ScanBody scan = scans.read(body);
                    if (scan == null) {
                        return handOn(request, response, chain, body);
                    }
                    return tokens.callerOrEmpty(headerLines(request), request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
                            .filter(user -> user.is(Role.STUDENT))
                            .map(Optional::of)
                            .defaultIfEmpty(Optional.empty())
                            .flatMap(user -> user.isPresent() ? serve(request, response, user.get(), scan)
                                    : handOn(request, response, chain, body));
                });
    }

    private Mono<Void> serve(ServerHttpRequest request, ServerHttpResponse response, CurrentUser student, ScanController.ScanBody scan) {
        served.increment();
        HttpHeaders h = request.getHeaders();
        return Mono.fromCallable(() -> ScanController.caller(student, h.getFirst("X-Device-Id"), h.getFirst("X-Device-Fingerprint"),
                        addresses.of(request)))
                .flatMap(caller -> capture.submit(caller, scan.online()))
                .flatMap(accepted -> {
                    response.setStatusCode(HttpStatus.ACCEPTED);
                    HttpHeaders out = response.getHeaders();
                    out.setContentType(MediaType.APPLICATION_JSON);
                    out.setCacheControl("no-store");
                    out.set("X-Content-Type-Options", "nosniff");
                    return response.writeWith(Mono.just(response.bufferFactory().wrap(answers.writeValueAsBytes(accepted))));
                })
                .onErrorResume(failure -> ProblemWriter.answer(request, response, failure));
    }

    private Mono<Void> handOn(ServerHttpRequest request, ServerHttpResponse response, HttpHandler chain, byte[] body) {
        handedOn.increment();
        ServerHttpRequest again = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(response.bufferFactory().wrap(body)));
            }
        };
        return chain.handle(again, response);
    }

    /**
     * The request's header lines as the server holds them (Reactor Netty's own headers, iterated without a copy); for
     * another server, each name with each of its values.
     */
    static Iterable<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> headerLines(ServerHttpRequest request) {
        Object server;
        try {
            server = ServerHttpRequestDecorator.getNativeRequest(request);
        } catch (IllegalStateException noServer) {
            server = null; // a mock request (the controller slice tests)
        }
        if (server instanceof HttpServerRequest netty) {
            Iterable<Map.Entry<CharSequence, CharSequence>> lines = netty.requestHeaders()::iteratorCharSequence;
            return lines;
        }
        List<Map.Entry<String, String>> lines = new ArrayList<>();
        request.getHeaders().forEach((name, values) -> values.forEach(value -> lines.add(Map.entry(name, value))));
        return lines;
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
