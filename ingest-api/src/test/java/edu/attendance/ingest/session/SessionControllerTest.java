package edu.attendance.ingest.session;

import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.SessionMode;
import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.testsupport.ControllerSlice;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The session routes' mapping and validation (rule 1): what reaches the session service, and what never does. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = SessionControllerTest.Slice.class)
class SessionControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({SessionController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    Sessions sessions;

    static final UUID ID = UUID.fromString("5d0f3a52-7f3c-4d8a-8a4c-2f1b9e6d7c01");
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static OpenSession open(SessionMode mode) {
        Instant start = Instant.now().minusSeconds(60);
        return new OpenSession(ID, "DS", "CSE-2A", null, LocalDate.now(), "t@college.test", mode, start, start.plusSeconds(300),
                start.plusSeconds(3600), 2, SECRET, Set.of("asha@college.test"), null, null);
    }

    @Test
    void aTeacherOpensWithTheirChoicesPassedOn() {
        Instant now = Instant.parse("2026-12-01T09:00:00Z");
        when(sessions.open(any(), any())).thenReturn(new Sessions.View(ID, "OPEN", SessionMode.QR, now, now.plusSeconds(300),
                now.plusSeconds(3600), 40, "DS", null, LocalDate.parse("2026-12-01"), null, Delivery.HYBRID));
        as("TEACHER", "t@college.test").post().uri("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"subjectId\":\"DS\",\"durationMinutes\":60,\"mode\":\"QR\",\"lateAfterMinutes\":10,"
                        + "\"location\":{\"lat\":12.97,\"lon\":77.59,\"accuracyM\":15},\"delivery\":\"HYBRID\"}")
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.sessionId").isEqualTo(ID.toString()).jsonPath("$.rosterSize").isEqualTo(40)
                .jsonPath("$.delivery").isEqualTo("HYBRID");
        verify(sessions).open(argThat(u -> u.email().equals("t@college.test")), eq(new Sessions.OpenRequest(null, null, "DS", 60,
                "QR", 10, 12.97, 77.59, 15.0, Delivery.HYBRID)));
    }

    @Test
    void aBadOpeningIs400AndOpensNothing() {
        for (String body : List.of("{\"subjectId\":\"DS\",\"durationMinutes\":0}", "{\"subjectId\":\"DS\",\"durationMinutes\":601}",
                "{\"subjectId\":\"DS\",\"durationMinutes\":60,\"mode\":\"BOTH\"}",
                "{\"subjectId\":\"DS x\",\"durationMinutes\":60}",
                "{\"subjectId\":\"DS\",\"durationMinutes\":60,\"lateAfterMinutes\":-1}",
                "{\"subjectId\":\"DS\",\"durationMinutes\":60,\"location\":{\"lat\":100,\"lon\":0}}",
                "{\"subjectId\":\"DS\",\"durationMinutes\":60,\"location\":{\"lon\":0}}",
                "{\"periodId\":\"P1\",\"date\":\"tomorrow\"}",
                "{\"subjectId\":\"DS\",\"durationMinutes\":60,\"room\":\"101\"}")) {
            as("TEACHER", "t@college.test").post().uri("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        verifyNoInteractions(sessions);
    }

    @Test
    void theQrOfAnOpenSessionIsTheCurrentWindowsAndNeverCached() {
        when(sessions.owned(any(), eq(ID))).thenReturn(open(SessionMode.QR_AND_OTP));
        as("TEACHER", "t@college.test").get().uri("/api/v1/sessions/" + ID + "/qr").exchange().expectStatus().isOk()
                .expectHeader().cacheControl(CacheControl.noStore())
                .expectBody().jsonPath("$.rotationSeconds").isEqualTo(2)
                .jsonPath("$.token").value(t -> Assertions.assertThat((String) t).startsWith("v1." + ID + "."));
        when(sessions.owned(any(), eq(ID))).thenReturn(open(SessionMode.OTP));
        as("TEACHER", "t@college.test").get().uri("/api/v1/sessions/" + ID + "/qr").exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("CONFLICT");
        as("TEACHER", "t@college.test").get().uri("/api/v1/sessions/not-a-uuid/qr").exchange().expectStatus().isBadRequest();
    }

    @Test
    void aMarkIsValidatedAndTheStudentNamedInLowerCase() {
        OpenSession s = open(SessionMode.QR_AND_OTP);
        when(sessions.owned(any(), eq(ID))).thenReturn(s);
        as("TEACHER", "t@college.test").post().uri("/api/v1/sessions/" + ID + "/marks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"studentEmail\":\" Asha@College.test \",\"status\":\"EXCUSED\",\"reason\":\"medical note\"}")
                .exchange().expectStatus().isEqualTo(400);
        as("TEACHER", "t@college.test").post().uri("/api/v1/sessions/" + ID + "/marks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"studentEmail\":\"Asha@College.test\",\"status\":\"EXCUSED\",\"reason\":\"medical note\"}")
                .exchange().expectStatus().isAccepted().expectBody().jsonPath("$.studentEmail").isEqualTo("asha@college.test");
        verify(sessions).mark(s, "asha@college.test", AttendanceStatus.EXCUSED, "medical note", "t@college.test");
        as("TEACHER", "t@college.test").post().uri("/api/v1/sessions/" + ID + "/marks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"studentEmail\":\"asha@college.test\",\"status\":\"MAYBE\"}")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void whatTheServiceRefusesKeepsItsStatusAndCode() {
        when(sessions.owned(any(), eq(ID))).thenThrow(new ApiException(ErrorCode.FORBIDDEN, "not yours"));
        as("TEACHER", "other@college.test").post().uri("/api/v1/sessions/" + ID + "/close").exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        web.post().uri("/api/v1/sessions/" + ID + "/close").exchange().expectStatus().isUnauthorized();
    }
}
