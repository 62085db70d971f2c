package edu.attendance.ingest.audit;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.testsupport.ControllerSlice;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.time.Instant;
import java.util.List;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The audit log: ADMIN only; filters become one query (days in the college's zone), pages link to the next. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR, "attendance.college-zone=Asia/Kolkata"})
@ContextConfiguration(classes = AuditControllerTest.Slice.class)
class AuditControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({AuditController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    AuditLog log;

    static AuditLog.Row row(long id) {
        return new AuditLog.Row(id, new AuditLog.Entry(Instant.parse("2026-12-01T05:00:00Z"), "t@college.test", "MANUAL_MARK",
                "session:s1:a@college.test", null, null));
    }

    @Test
    void filtersBecomeOneQueryInTheCollegesDays() {
        when(log.find(any())).thenReturn(List.of(row(9), row(8)));
        as("ADMIN", "admin@college.test").get()
                .uri("/api/v1/admin/audit?actor= T@College.test&target=s1&from=2026-12-01&to=2026-12-01&limit=5")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(2).jsonPath("$[0].action").isEqualTo("MANUAL_MARK");
        // 1 December in Kolkata is 30 November 18:30 UTC to 1 December 18:30 UTC; one more row than the page to see a next one
        verify(log).find(new AuditLog.Query("t@college.test", "s1", Instant.parse("2026-11-30T18:30:00Z"),
                Instant.parse("2026-12-01T18:30:00Z"), null, 6));
    }

    @Test
    void aFullPageLinksToTheNext() {
        when(log.find(any())).thenReturn(List.of(row(9), row(8), row(7)));
        as("ADMIN", "admin@college.test").get().uri("/api/v1/admin/audit?limit=2").exchange().expectStatus().isOk()
                .expectHeader().value("Link", l -> Assertions.assertThat(l).contains("rel=\"next\""))
                .expectBody().jsonPath("$.length()").isEqualTo(2);
    }

    @Test
    void onlyAdminsAndNoBackwardsSpan() {
        for (String role : List.of("STUDENT", "TEACHER", "MANAGEMENT")) {
            as(role, "x@college.test").get().uri("/api/v1/admin/audit").exchange().expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        }
        as("ADMIN", "admin@college.test").get().uri("/api/v1/admin/audit?from=2026-12-02&to=2026-12-01").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        as("ADMIN", "admin@college.test").get().uri("/api/v1/admin/audit?from=yesterday").exchange().expectStatus().isBadRequest();
        web.get().uri("/api/v1/admin/audit").exchange().expectStatus().isUnauthorized();
        verifyNoInteractions(log);
    }
}
