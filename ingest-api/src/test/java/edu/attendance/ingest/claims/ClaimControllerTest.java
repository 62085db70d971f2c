package edu.attendance.ingest.claims;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.util.unit.DataSize;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.UUID;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The claim routes' mapping, roles and validation: what reaches the claims service, and what never does. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = ClaimControllerTest.Slice.class)
class ClaimControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({ClaimController.class, WebPlatformConfiguration.class})
    static class Slice {
        @Bean
        ClaimSettings claimSettings() {
            return new ClaimSettings(Period.ofDays(7), 14, 3, DataSize.ofKilobytes(16), Period.ofYears(5), Period.ofYears(1));
        }
    }

    @MockitoBean
    Claims claims;

    static final UUID CLAIM = UUID.fromString("0b7c2f64-54a1-4c7e-9a55-3d5f0c2a9e10");
    static final UUID DOC = UUID.fromString("1c8d3075-65b2-4d8f-8b66-4e6a1d3b0f21");
    static final byte[] PDF = "%PDF-1.7\n%test\n".getBytes();

    static Claims.Claim claim(String status) {
        return new Claims.Claim(CLAIM, "asha@college.test", "Asha", "7", "CSE-2A", ClaimKind.MEDICAL, ClaimKind.Reviewer.OFFICE,
                LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-03"), "fever", status, Instant.parse("2026-12-04T08:00:00Z"),
                null, null, null, List.of(), List.of(new Claims.Document(DOC, "certificate.pdf", "application/pdf", PDF.length)));
    }

    @Test
    void aStudentUploadsADocumentAsTheBodyWithItsTypeAndName() {
        when(claims.upload(eq("asha@college.test"), any(), eq("application/pdf"), eq("certificate.pdf")))
                .thenReturn(new Claims.Document(DOC, "certificate.pdf", "application/pdf", PDF.length));
        as("STUDENT", "asha@college.test").post().uri("/api/v1/me/claim-documents?name=certificate.pdf")
                .contentType(MediaType.parseMediaType("application/pdf; name=x")).bodyValue(PDF)
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.documentId").isEqualTo(DOC.toString());
        verify(claims).upload(eq("asha@college.test"), argThat(b -> java.util.Arrays.equals(b, PDF)), eq("application/pdf"), eq("certificate.pdf"));
    }

    @Test
    void aDocumentOverTheLimitIsRefusedBeforeItIsStored() {
        as("STUDENT", "asha@college.test").post().uri("/api/v1/me/claim-documents")
                .contentType(MediaType.APPLICATION_PDF).bodyValue(new byte[16 * 1024 + 1])
                .exchange().expectStatus().isEqualTo(413).expectBody().jsonPath("$.code").isEqualTo("PAYLOAD_TOO_LARGE");
        verifyNoInteractions(claims);
    }

    @Test
    void onlyStudentsUploadAndFile() {
        as("TEACHER", "t@college.test").post().uri("/api/v1/me/claim-documents").contentType(MediaType.APPLICATION_PDF).bodyValue(PDF)
                .exchange().expectStatus().isForbidden();
        as("ADMIN", "a@college.test").post().uri("/api/v1/me/claims").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"kind\":\"MEDICAL\",\"from\":\"2026-12-01\",\"to\":\"2026-12-03\",\"comment\":\"x\"}")
                .exchange().expectStatus().isForbidden();
        verifyNoInteractions(claims);
    }

    @Test
    void aFilingIsPassedOnAsSent() {
        when(claims.file(eq("asha@college.test"), any())).thenReturn(claim("OPEN"));
        as("STUDENT", "asha@college.test").post().uri("/api/v1/me/claims").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"kind\":\"MEDICAL\",\"from\":\"2026-12-01\",\"to\":\"2026-12-03\",\"comment\":\"fever\",\"documentIds\":[\"" + DOC + "\"]}")
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.status").isEqualTo("OPEN")
                .jsonPath("$.documents[0].fileName").isEqualTo("certificate.pdf");
        verify(claims).file(eq("asha@college.test"), eq(new Claims.Filing(ClaimKind.MEDICAL, null, LocalDate.parse("2026-12-01"),
                LocalDate.parse("2026-12-03"), "fever", List.of(DOC))));
    }

    @Test
    void aFilingWithAnUnknownKindAnUnknownFieldOrTooManyDocumentsNeverReachesTheService() {
        for (String body : List.of("{\"kind\":\"HOLIDAY\",\"from\":\"2026-12-01\",\"to\":\"2026-12-01\"}",
                "{\"from\":\"2026-12-01\",\"to\":\"2026-12-01\"}",
                "{\"kind\":\"MEDICAL\",\"from\":\"2026-12-01\",\"to\":\"2026-12-01\",\"status\":\"APPROVED\"}",
                "{\"kind\":\"MEDICAL\",\"from\":\"2026-13-01\",\"to\":\"2026-12-01\"}",
                "{\"kind\":\"MEDICAL\",\"from\":\"2026-12-01\",\"to\":\"2026-12-01\",\"documentIds\":[" + ("\"" + DOC + "\",").repeat(10) + "\"" + DOC + "\"]}")) {
            as("STUDENT", "asha@college.test").post().uri("/api/v1/me/claims").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        verifyNoInteractions(claims);
    }

    @Test
    void theServicesRefusalsKeepTheirCodes() {
        when(claims.file(anyString(), any())).thenThrow(new ApiException(ErrorCode.CLAIM_TOO_LATE, "too late"));
        as("STUDENT", "asha@college.test").post().uri("/api/v1/me/claims").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"kind\":\"FAMILY\",\"from\":\"2026-11-01\",\"to\":\"2026-11-01\",\"comment\":\"x\"}")
                .exchange().expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("CLAIM_TOO_LATE");
    }

    @Test
    void teachersAndAdminsReadTheirQueueManagementDoesNot() {
        when(claims.queue(any(), eq("OPEN"))).thenReturn(List.of(claim("OPEN")));
        as("ADMIN", "a@college.test").get().uri("/api/v1/claims").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].claimId").isEqualTo(CLAIM.toString());
        as("MANAGEMENT", "m@college.test").get().uri("/api/v1/claims").exchange().expectStatus().isForbidden();
        as("STUDENT", "asha@college.test").get().uri("/api/v1/claims").exchange().expectStatus().isForbidden();
        as("TEACHER", "t@college.test").get().uri("/api/v1/claims?status=ANY").exchange().expectStatus().isBadRequest();
        verify(claims).queue(new CurrentUser("a@college.test", Role.ADMIN), "OPEN");
    }

    @Test
    void aDocumentIsADownloadTheBrowserWillNotRender() {
        when(claims.document(new CurrentUser("a@college.test", Role.ADMIN), CLAIM, DOC)).thenReturn(new Claims.StoredDocument(
                new Claims.Document(DOC, "certificate.pdf", "application/pdf", PDF.length), "asha@college.test", CLAIM, PDF));
        as("ADMIN", "a@college.test").get().uri("/api/v1/claims/" + CLAIM + "/documents/" + DOC).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"certificate.pdf\".*")
                .expectHeader().valueEquals("Content-Security-Policy", "sandbox; default-src 'none'")
                .expectHeader().valueMatches("Cache-Control", ".*no-store.*")
                .expectBody(byte[].class).isEqualTo(PDF);
    }

    @Test
    void aDecisionNeedsItsAnswer() {
        as("ADMIN", "a@college.test").post().uri("/api/v1/claims/" + CLAIM + "/decision").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"note\":\"ok\"}").exchange().expectStatus().isBadRequest();
        when(claims.decide(any(), eq(CLAIM), eq(true), eq(null))).thenReturn(claim("APPROVED"));
        as("ADMIN", "a@college.test").post().uri("/api/v1/claims/" + CLAIM + "/decision").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"approve\":true}").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPROVED");
        as("STUDENT", "asha@college.test").post().uri("/api/v1/claims/" + CLAIM + "/decision").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"approve\":true}").exchange().expectStatus().isForbidden();
    }

    @Test
    void aStudentWithdrawsTheirOwn() {
        when(claims.withdraw("asha@college.test", CLAIM)).thenReturn(claim("WITHDRAWN"));
        as("STUDENT", "asha@college.test").post().uri("/api/v1/me/claims/" + CLAIM + "/withdraw").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("WITHDRAWN");
    }
}
