package edu.attendance.reports.escalation;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The escalation pass on demand: an admin's, without a body. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = EscalationControllerTest.Slice.class)
class EscalationControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({EscalationController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    Escalations escalations;

    @Test
    void onlyAnAdminRunsItAndABodyIsRefused() {
        as("TEACHER", "t@college.test").post().uri("/api/v1/reports/runs/escalations").exchange().expectStatus().isForbidden();
        as("MANAGEMENT", "m@college.test").post().uri("/api/v1/reports/runs/escalations").exchange().expectStatus().isForbidden();
        as("ADMIN", "admin@college.test").post().uri("/api/v1/reports/runs/escalations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"dryRun\":true}").exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        verifyNoInteractions(escalations);
        when(escalations.run()).thenReturn(new Escalations.EscalationPass(3, 2, 1, 4));
        as("ADMIN", "admin@college.test").post().uri("/api/v1/reports/runs/escalations").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.told").isEqualTo(2).jsonPath("$.mails").isEqualTo(4);
        verify(escalations).run();
    }
}
