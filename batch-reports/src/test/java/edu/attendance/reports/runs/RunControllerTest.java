package edu.attendance.reports.runs;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.testsupport.ControllerSlice;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Report runs: ADMIN and MANAGEMENT start, follow, list and download them; teachers and students none of it. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = RunControllerTest.Slice.class)
class RunControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({RunController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    ReportRuns runs;

    static ReportRuns.Run run(String id) {
        return new ReportRuns.Run(id, "at-risk", "COMPLETED", 1.0, Instant.parse("2026-12-01T06:00:00Z"),
                Instant.parse("2026-12-01T06:00:05Z"), List.of());
    }

    @Test
    void aRunIsStartedFollowedAndItsFileDownloaded(@TempDir Path dir) throws Exception {
        when(runs.start(argThat(u -> u != null && u.email().equals("dean@college.test")), eq("at-risk"))).thenReturn("42");
        as("MANAGEMENT", "dean@college.test").post().uri("/api/v1/reports/runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"job\":\"at-risk\"}").exchange().expectStatus().isAccepted().expectBody().jsonPath("$.runId").isEqualTo("42");
        when(runs.get("42")).thenReturn(run("42"));
        as("ADMIN", "admin@college.test").get().uri("/api/v1/reports/runs/42").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("COMPLETED");
        Path pdf = Files.write(dir.resolve("at-risk.pdf"), new byte[]{'%', 'P'});
        when(runs.file("42", "at-risk.pdf")).thenReturn(pdf);
        as("ADMIN", "admin@college.test").get().uri("/api/v1/reports/runs/42/files/at-risk.pdf").exchange().expectStatus().isOk()
                .expectHeader().contentType("application/pdf")
                .expectHeader().valueEquals("Content-Disposition", "attachment; filename=\"at-risk.pdf\"");
    }

    @Test
    void theListIsPagedAndTheServicesRefusalsKept() {
        when(runs.list(isNull(), isNull(), eq(2))).thenReturn(List.of(run("9"), run("8")));
        as("ADMIN", "admin@college.test").get().uri("/api/v1/reports/runs?limit=1").exchange().expectStatus().isOk()
                .expectHeader().value("Link", l -> Assertions.assertThat(l).contains("rel=\"next\""))
                .expectBody().jsonPath("$.length()").isEqualTo(1);
        when(runs.get("77")).thenThrow(new ApiException(ErrorCode.NOT_FOUND, "no run 77"));
        as("ADMIN", "admin@college.test").get().uri("/api/v1/reports/runs/77").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
    }

    @Test
    void teachersStudentsAndBadBodiesGetProblems() {
        for (String role : List.of("TEACHER", "STUDENT")) {
            as(role, "x@college.test").post().uri("/api/v1/reports/runs").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"job\":\"at-risk\"}").exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
            as(role, "x@college.test").get().uri("/api/v1/reports/runs").exchange().expectStatus().isForbidden();
            as(role, "x@college.test").get().uri("/api/v1/reports/runs/1/files/a.pdf").exchange().expectStatus().isForbidden();
        }
        for (String body : List.of("{}", "{\"job\":\"\"}", "{\"job\":\"at-risk\",\"when\":\"now\"}")) {
            as("ADMIN", "admin@college.test").post().uri("/api/v1/reports/runs").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        as("ADMIN", "admin@college.test").get().uri("/api/v1/reports/runs/123456789012345678901").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        verifyNoInteractions(runs);
    }
}
