package edu.attendance.ingest.capture;

import edu.attendance.platform.web.ErrorCode;
import edu.attendance.platform.web.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Admission control for the capture routes (docs/rules.md, "Scale"): at most {@code maxInFlight} captures are worked on
 * at once; one more is answered {@code 503 UNAVAILABLE} with {@code Retry-After} before anything else is done for it
 * (no token check, no body read), so a top-of-the-hour surge is shed in microseconds instead of queueing for seconds.
 * The phone keeps its scan and sends it again after the wait. Runs before security; teachers' routes, live streams and
 * reads are never shed here.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class CaptureAdmission implements WebFilter {

    private static final Pattern CAPTURE = Pattern.compile("/api/v1/scans(/batch)?|/api/v1/sessions/[^/]+/otp-attempts");

    private final int limit;
    private final String retryAfter;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter shed;

    CaptureAdmission(AdmissionSettings settings, MeterRegistry metrics) {
        this.limit = settings.maxInFlight();
        this.retryAfter = Long.toString(Math.max(1, settings.retryAfter().toSeconds()));
        this.shed = Counter.builder("attendance.capture.shed").description("captures answered 503 by admission control")
                .register(metrics);
        Gauge.builder("attendance.capture.in.flight", inFlight, AtomicInteger::get).register(metrics);
    }

    static boolean isCapture(HttpMethod method, String path) {
        return method == HttpMethod.POST && CAPTURE.matcher(path).matches();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (limit == 0 || !isCapture(exchange.getRequest().getMethod(), exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            shed.increment();
            exchange.getResponse().getHeaders().set("Retry-After", retryAfter);
            return ProblemWriter.write(exchange, ErrorCode.UNAVAILABLE, "too many scans at this moment; send it again shortly",
                    Map.of("retryAfterSeconds", Long.parseLong(retryAfter)));
        }
        return chain.filter(exchange).doFinally(signal -> inFlight.decrementAndGet());
    }

    /** Captures being worked on now. */
    int inFlight() {
        return inFlight.get();
    }
}
