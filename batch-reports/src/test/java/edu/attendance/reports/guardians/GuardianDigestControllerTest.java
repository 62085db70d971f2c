package edu.attendance.reports.guardians;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The guardians' digest on demand: an admin's, without a body; and the digest's settings. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = GuardianDigestControllerTest.Slice.class)
class GuardianDigestControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({GuardianDigestController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    GuardianDigests digests;

    @Test
    void onlyAnAdminSendsItNow() {
        as("MANAGEMENT", "m@college.test").post().uri("/api/v1/reports/runs/guardian-digests").exchange().expectStatus().isForbidden();
        as("ADMIN", "admin@college.test").post().uri("/api/v1/reports/runs/guardian-digests").contentType(MediaType.TEXT_PLAIN)
                .bodyValue("now").exchange().expectStatus().isBadRequest();
        verifyNoInteractions(digests);
        when(digests.run()).thenReturn(new GuardianDigests.DigestRun(2, 2));
        as("ADMIN", "admin@college.test").post().uri("/api/v1/reports/runs/guardian-digests").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.mails").isEqualTo(2);
    }

    @Test
    void aDigestScheduleIsACronOrNever() {
        new GuardianSettings(false, "-");
        new GuardianSettings(true, "0 0 17 * * FRI");
        assertThatThrownBy(() -> new GuardianSettings(true, "fridays")).isInstanceOf(IllegalArgumentException.class);
    }
}
