package edu.attendance.ingest.capture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureAdmissionTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final CaptureAdmission admission = new CaptureAdmission(new AdmissionSettings(2, Duration.ofSeconds(3)), metrics);
    /** Each admitted request waits here until the test lets it finish (as a capture waits for the broker). */
    private final List<Sinks.Empty<Void>> held = new ArrayList<>();
    private final WebFilterChain chain = exchange -> {
        Sinks.Empty<Void> done = Sinks.empty();
        held.add(done);
        return done.asMono();
    };

    private MockServerWebExchange send(HttpMethod method, String path) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(method, path));
        admission.filter(exchange, chain).subscribe();
        return exchange;
    }

    @Test
    void pastTheLimitACaptureIsAnswered503AtOnceWithRetryAfter() {
        MockServerWebExchange first = send(HttpMethod.POST, "/api/v1/scans");
        MockServerWebExchange second = send(HttpMethod.POST, "/api/v1/sessions/abc/otp-attempts");
        MockServerWebExchange third = send(HttpMethod.POST, "/api/v1/scans/batch");

        assertThat(held).as("two admitted, the third never reached the chain").hasSize(2);
        assertThat(first.getResponse().getStatusCode()).isNull();
        assertThat(third.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(third.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("3");
        assertThat(third.getResponse().getBodyAsString().block()).contains("\"code\":\"UNAVAILABLE\"");
        assertThat(metrics.counter("attendance.capture.shed").count()).isEqualTo(1);
        assertThat(admission.inFlight()).isEqualTo(2);

        held.getFirst().tryEmitEmpty();
        assertThat(admission.inFlight()).isEqualTo(1);
        send(HttpMethod.POST, "/api/v1/scans");
        assertThat(held).as("a finished capture frees its place").hasSize(3);
        assertThat(second.getResponse().getStatusCode()).isNull();
    }

    @Test
    void aCancelledCaptureFreesItsPlace() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/scans"));
        admission.filter(exchange, chain).subscribe().dispose();
        assertThat(admission.inFlight()).isZero();
    }

    @Test
    void onlyCapturesAreCountedOrShed() {
        send(HttpMethod.POST, "/api/v1/scans");
        send(HttpMethod.POST, "/api/v1/scans");
        for (String path : List.of("/api/v1/sessions", "/api/v1/sessions/abc/close", "/api/v1/sessions/abc/marks",
                "/api/v1/scans/batch/extra", "/api/v1/devices")) {
            assertThat(send(HttpMethod.POST, path).getResponse().getStatusCode()).as(path).isNull();
        }
        assertThat(send(HttpMethod.GET, "/api/v1/scans").getResponse().getStatusCode()).isNull();
        assertThat(CaptureAdmission.isCapture(HttpMethod.POST, "/api/v1/sessions/a/b/otp-attempts")).isFalse();
        assertThat(held).hasSize(8);
        assertThat(admission.inFlight()).isEqualTo(2);
    }

    @Test
    void zeroMeansNoLimit() {
        CaptureAdmission open = new CaptureAdmission(new AdmissionSettings(0, Duration.ofSeconds(1)), metrics);
        for (int i = 0; i < 100; i++) {
            open.filter(MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/scans")), chain).subscribe();
        }
        assertThat(held).hasSize(100);
    }
}
