package edu.attendance.ingest.capture;

import edu.attendance.contracts.CaptureMethod;
import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The capture routes' mapping, validation and errors, without the platform: the capture service is a stand-in,
 * the security chain, the problem+json mapping and the JSON settings are the real ones.
 */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = ScanControllerTest.Slice.class)
class ScanControllerTest extends ControllerSlice {

    /** The slice: this controller and the platform's web edge (security, problem+json), nothing of the module behind it. */
    @SpringBootConfiguration
    @Import({ScanController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    Capture capture;
    @MockitoBean
    ClientAddress addresses;

    static final UUID SUBMISSION = UUID.fromString("0b6f6c2e-2f7e-4c55-9d7e-4a7e3c1d2b10");
    static final UUID SESSION = UUID.fromString("5d0f3a52-7f3c-4d8a-8a4c-2f1b9e6d7c01");
    static final String BODY = "{\"submissionId\":\"" + SUBMISSION + "\",\"qrToken\":\"v1.x\",\"capturedAt\":\"2026-12-01T09:00:00Z\","
            + "\"offline\":false,\"location\":{\"lat\":12.97,\"lon\":77.59,\"accuracyM\":20}}";

    WebTestClient as(String role) {
        return as(role, "asha@college.test");
    }

    WebTestClient.RequestHeadersSpec<?> scan(WebTestClient client, String body, boolean headers) {
        var r = client.post().uri("/api/v1/scans").contentType(MediaType.APPLICATION_JSON);
        if (headers) {
            r = r.header("X-Device-Id", "phone-1").header("X-Device-Fingerprint", "fp-phone-1");
        }
        return r.bodyValue(body);
    }

    @Test
    void aStudentsScanIsAcceptedWithItsDeviceAndLocation() {
        when(addresses.of(any())).thenReturn("10.0.0.7");
        when(capture.submit(any(), any())).thenReturn(Mono.just(new Capture.Accepted(SUBMISSION, SESSION, "ACCEPTED", "PRESENT")));
        scan(as("STUDENT"), BODY, true).exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.provisional").isEqualTo("PRESENT").jsonPath("$.sessionId").isEqualTo(SESSION.toString());
        verify(capture).submit(ArgumentMatchers.argThat(c -> c.student().email().equals("asha@college.test")
                        && c.deviceUuid().equals("phone-1") && c.address().equals("10.0.0.7")),
                ArgumentMatchers.argThat(s -> s.method() == CaptureMethod.QR && s.location() != null && s.location().accuracyM() == 20));
    }

    @Test
    void withoutATokenItIsAProblemWithACode() {
        scan(web, BODY, true).exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void aTeacherCannotScan() {
        scan(as("TEACHER"), BODY, true).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        verify(capture, never()).submit(any(), any());
    }

    @Test
    void badBodiesAndMissingHeadersAre400WithoutReachingCapture() {
        scan(as("STUDENT"), BODY, false).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        scan(as("STUDENT"), BODY.replace("\"offline\":false", "\"offline\":false,\"admin\":true"), true).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        scan(as("STUDENT"), BODY.replace("\"lat\":12.97", "\"lat\":91"), true).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        scan(as("STUDENT"), BODY.replace("\"offline\":false", "\"offline\":true"), true).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        scan(as("STUDENT"), "{\"submissionId\":42}", true).exchange().expectStatus().isBadRequest();
        scan(as("STUDENT"), BODY.replace("\"offline\":false", "\"offline\":false,\"networkRttMs\":60001"), true).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        scan(as("STUDENT"), BODY.replace("\"offline\":false", "\"offline\":false,\"networkRttMs\":-1"), true).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        verify(capture, never()).submit(any(), any());
    }

    @Test
    void thePhonesMeasuredRoundTripReachesCapture() {
        when(addresses.of(any())).thenReturn("10.0.0.7");
        when(capture.submit(any(), any())).thenReturn(Mono.just(new Capture.Accepted(SUBMISSION, SESSION, "ACCEPTED", "PRESENT")));
        scan(as("STUDENT"), BODY.replace("\"offline\":false", "\"offline\":false,\"networkRttMs\":1800"), true).exchange()
                .expectStatus().isAccepted();
        verify(capture).submit(any(), ArgumentMatchers.argThat(s ->
                Duration.ofMillis(1800).equals(s.networkRtt())));
    }

    @Test
    void aRefusalFromCaptureKeepsItsStatusAndCode() {
        when(addresses.of(any())).thenReturn("10.0.0.7");
        when(capture.submit(any(), any())).thenReturn(Mono.error(new ApiException(ErrorCode.QR_EXPIRED, "rotated")));
        scan(as("STUDENT"), BODY, true).exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("QR_EXPIRED");
    }

    @Test
    void aBatchAnswersEachItemWithTheStatusItWouldHaveHadAlone() {
        when(addresses.of(any())).thenReturn("10.0.0.7");
        UUID other = UUID.randomUUID();
        when(capture.batch(any(), any())).thenReturn(Mono.just(List.of(new Capture.ItemOutcome(SUBMISSION, SESSION, "PRESENT", null),
                new Capture.ItemOutcome(other, SESSION, null, ErrorCode.OFFLINE_TOO_LATE))));
        String item = BODY.replace("\"offline\":false", "\"offline\":true");
        as("STUDENT").post().uri("/api/v1/scans/batch").contentType(MediaType.APPLICATION_JSON)
                .header("X-Device-Id", "phone-1").header("X-Device-Fingerprint", "fp-phone-1")
                .bodyValue("{\"items\":[" + item + "," + item.replace(SUBMISSION.toString(), other.toString()) + "]}")
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.results[0].httpStatus").isEqualTo(202)
                .jsonPath("$.results[1].httpStatus").isEqualTo(422)
                .jsonPath("$.results[1].code").isEqualTo("OFFLINE_TOO_LATE");
        // an online item in a batch is refused before capture sees any
        as("STUDENT").post().uri("/api/v1/scans/batch").contentType(MediaType.APPLICATION_JSON)
                .header("X-Device-Id", "phone-1").header("X-Device-Fingerprint", "fp-phone-1")
                .bodyValue("{\"items\":[" + BODY + "]}").exchange().expectStatus().isBadRequest();
    }
}
