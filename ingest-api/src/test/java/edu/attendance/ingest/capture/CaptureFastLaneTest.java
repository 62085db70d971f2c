package edu.attendance.ingest.capture;

import edu.attendance.contracts.CaptureMethod;
import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.platform.security.AccessTokens;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.testsupport.ControllerSlice;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import java.util.Map;

import static edu.attendance.ingest.capture.ScanControllerTest.BODY;
import static edu.attendance.ingest.capture.ScanControllerTest.SESSION;
import static edu.attendance.ingest.capture.ScanControllerTest.SUBMISSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The QR scan route's fast lane: a student's well-formed scan is served below the web handler with the same answer the
 * controller gives (202 and its JSON, or the problem with its code and {@code Retry-After}); everything else is handed to
 * the full chain with its body intact and answered there. Which path answered is read from the lane's counters. The
 * token check is a stand-in here (the real one is {@code AccessTokens}, covered by the system tests' scans).
 */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = CaptureFastLaneTest.Slice.class)
class CaptureFastLaneTest extends ControllerSlice {

    @SpringBootConfiguration
    @EnableConfigurationProperties(AdmissionSettings.class)
    @Import({ScanController.class, CaptureFastLane.class, WebPlatformConfiguration.class})
    static class Slice {
        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    @MockitoBean
    Capture capture;
    @MockitoBean
    ClientAddress addresses;
    @MockitoBean
    AccessTokens tokens;
    @Autowired
    MeterRegistry meters;

    /**
     * A scan as the lane sees it (the stand-in token check says who sent it) and, for the chain, the slice's mock
     * authentication of a student — so a scan handed on is answered by the chain as a student's.
     */
    WebTestClient.ResponseSpec scan(String body, MediaType type, boolean deviceHeaders) {
        var r = as("STUDENT", "asha@college.test").post().uri("/api/v1/scans").contentType(type);
        if (deviceHeaders) {
            r = r.header("X-Device-Id", "phone-1").header("X-Device-Fingerprint", "fp-phone-1");
        }
        return r.bodyValue(body).exchange();
    }

    WebTestClient.ResponseSpec scan(String body) {
        return scan(body, MediaType.APPLICATION_JSON, true);
    }

    private final Map<String, Double> before = new java.util.HashMap<>();

    @org.junit.jupiter.api.BeforeEach
    void countersNow() {
        before.put("served", total("served"));
        before.put("handed-on", total("handed-on"));
    }

    private double total(String path) {
        var c = meters.find("attendance.capture.fast.lane").tag("path", path).counter();
        return c == null ? 0 : c.count();
    }

    /** How many scans took that path in this test (the slice and its meters are shared by the tests). */
    double count(String path) {
        return total(path) - before.get(path);
    }

    void student() {
        when(tokens.callerOrEmpty(any(), any())).thenReturn(Mono.just(new CurrentUser("asha@college.test", Role.STUDENT)));
        when(addresses.of(any())).thenReturn("10.0.0.7");
    }

    @Test
    void aStudentsScanIsServedBelowTheChainWithTheControllersAnswer() {
        student();
        when(capture.submit(any(), any())).thenReturn(Mono.just(new Capture.Accepted(SUBMISSION, SESSION, "ACCEPTED", "PRESENT")));
        scan(BODY).expectStatus().isAccepted()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.submissionId").isEqualTo(SUBMISSION.toString())
                .jsonPath("$.sessionId").isEqualTo(SESSION.toString())
                .jsonPath("$.status").isEqualTo("ACCEPTED")
                .jsonPath("$.provisional").isEqualTo("PRESENT");
        verify(capture).submit(ArgumentMatchers.argThat(c -> c.student().email().equals("asha@college.test")
                        && c.deviceUuid().equals("phone-1") && c.fingerprint().equals("fp-phone-1") && c.address().equals("10.0.0.7")),
                ArgumentMatchers.argThat(s -> s.method() == CaptureMethod.QR && s.submissionId().equals(SUBMISSION)
                        && s.qrToken().equals("v1.x") && !s.offline() && s.location() != null && s.location().accuracyM() == 20));
        assertThat(count("served")).isEqualTo(1);
        assertThat(count("handed-on")).isZero();
    }

    @Test
    void aRefusalKeepsItsStatusCodeAndRetryAfter() {
        student();
        when(capture.submit(any(), any()))
                .thenReturn(Mono.error(new ApiException(ErrorCode.QR_EXPIRED, "rotated")))
                .thenReturn(Mono.error(new ApiException(ErrorCode.RATE_LIMITED, "slow down", Map.of("retryAfterSeconds", 7))))
                .thenReturn(Mono.error(new ApiException(ErrorCode.UNAVAILABLE, "disk nearly full")));
        scan(BODY).expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("QR_EXPIRED").jsonPath("$.instance").isEqualTo("/api/v1/scans");
        scan(BODY).expectStatus().isEqualTo(429).expectHeader().valueEquals("Retry-After", "7")
                .expectBody().jsonPath("$.code").isEqualTo("RATE_LIMITED").jsonPath("$.retryAfterSeconds").isEqualTo(7);
        scan(BODY).expectStatus().isEqualTo(503).expectHeader().valueEquals("Retry-After", "2")
                .expectBody().jsonPath("$.code").isEqualTo("UNAVAILABLE");
        assertThat(count("served")).isEqualTo(3);
    }

    @Test
    void aFailureOfOursIsA500WithoutInternals() {
        student();
        when(capture.submit(any(), any())).thenReturn(Mono.error(new IllegalStateException("secret internals")));
        scan(BODY).expectStatus().isEqualTo(500)
                .expectBody().jsonPath("$.code").isEqualTo("INTERNAL").jsonPath("$.detail").isEqualTo("internal error");
    }

    @Test
    void missingDeviceHeadersAndOfflineScansAreRefusedAsTheControllerRefusesThem() {
        student();
        scan(BODY, MediaType.APPLICATION_JSON, false).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.detail").isEqualTo("X-Device-Id and X-Device-Fingerprint headers are required");
        scan(BODY.replace("\"offline\":false", "\"offline\":true")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("offline submissions are synced through /api/v1/scans/batch");
        verify(capture, never()).submit(any(), any());
    }

    @Test
    void badBodiesGoToTheChainWithTheirBytesAndGetItsFieldErrors() {
        student();
        scan(BODY.replace("\"lat\":12.97", "\"lat\":91")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED").jsonPath("$.errors[0].field").isEqualTo("location.lat");
        scan(BODY.replace("\"offline\":false", "\"offline\":false,\"admin\":true")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        scan("{\"submissionId\":42}").expectStatus().isBadRequest();
        scan(BODY.replace("{", "{\"qrToken\":\"twice\",")).expectStatus().isBadRequest(); // a member named twice
        scan(BODY, MediaType.TEXT_PLAIN, true).expectStatus().is4xxClientError();
        assertThat(count("handed-on")).isEqualTo(4); // the text/plain one is not even a candidate
        assertThat(count("served")).isZero();
        verify(capture, never()).submit(any(), any());
    }

    @Test
    void aCallerTheTokenCheckDoesNotVouchForGoesToTheChain() {
        when(tokens.callerOrEmpty(any(), any())).thenReturn(Mono.empty())
                .thenReturn(Mono.just(new CurrentUser("tara@college.test", Role.TEACHER)));
        // the chain then answers as it would without the lane: here the slice's student, refused for its missing device
        scan(BODY, MediaType.APPLICATION_JSON, false).expectStatus().isBadRequest();
        scan(BODY, MediaType.APPLICATION_JSON, false).expectStatus().isBadRequest();
        assertThat(count("handed-on")).isEqualTo(2);
        verify(capture, never()).submit(any(), any());
    }
}
