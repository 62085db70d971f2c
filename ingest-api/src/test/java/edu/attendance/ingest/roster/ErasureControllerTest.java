package edu.attendance.ingest.roster;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.util.List;

import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Erasure: admins only, either named students or a class, each e-mail an e-mail. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = ErasureControllerTest.Slice.class)
class ErasureControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({ErasureController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    Erasures erasures;

    @Test
    void anAdminErasesNamedStudentsOrAClass() {
        when(erasures.erase(eq("admin@college.test"), eq(List.of("a@college.test")), isNull())).thenReturn(new Erasures.Erased("e-1", 1));
        as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/erasures").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"studentEmails\":[\"a@college.test\"]}").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.erasureId").isEqualTo("e-1").jsonPath("$.students").isEqualTo(1);
        when(erasures.erase(eq("admin@college.test"), isNull(), eq("CSE-2022"))).thenReturn(new Erasures.Erased("e-2", 60));
        as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/erasures").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"classId\":\"CSE-2022\"}").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.students").isEqualTo(60);
        verify(erasures).erase("admin@college.test", null, "CSE-2022");
    }

    @Test
    void othersAndMalformedRequestsAreRefused() {
        for (String role : List.of("TEACHER", "STUDENT", "MANAGEMENT")) {
            as(role, "x@college.test").post().uri("/api/v1/admin/erasures").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"classId\":\"C\"}").exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        }
        for (String bad : List.of("{}", "{\"classId\":\"C\",\"studentEmails\":[\"a@college.test\"]}", "{\"studentEmails\":[]}",
                "{\"studentEmails\":[\"not-an-email\"]}", "{\"classId\":\"\"}", "{\"classId\":\"C\",\"extra\":1}")) {
            as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/erasures").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(bad).exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        verifyNoInteractions(erasures);
    }
}
