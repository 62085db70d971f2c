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

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The roster routes: admins only, CSV only, a known entity only, the file's text handed to the importer whole. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = RosterControllerTest.Slice.class)
class RosterControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({RosterController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    RosterImporter importer;

    static final String CSV = "department_id,name\nCSE,Computer Science\n";

    @Test
    void anAdminImportsACsvFile() {
        when(importer.importCsv(eq(RosterEntity.DEPARTMENTS), any(), eq("admin@college.test")))
                .thenReturn(new RosterImporter.Result("departments", 1, 0));
        as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/roster/departments").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(CSV.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.created").isEqualTo(1).jsonPath("$.updated").isEqualTo(0);
        verify(importer).importCsv(RosterEntity.DEPARTMENTS, CSV, "admin@college.test");
    }

    @Test
    void onlyAdminsAndOnlyCsvForAKnownList() {
        for (String role : List.of("TEACHER", "STUDENT", "MANAGEMENT")) {
            as(role, "x@college.test").post().uri("/api/v1/admin/roster/departments").contentType(MediaType.parseMediaType("text/csv"))
                    .bodyValue(CSV).exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
            as(role, "x@college.test").get().uri("/api/v1/admin/roster/departments").exchange().expectStatus().isForbidden();
        }
        as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/roster/departments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"department_id\":\"CSE\"}").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/roster/wizards").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(CSV).exchange().expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        verifyNoInteractions(importer);
    }

    @Test
    void anAdminReadsWhatWasImported() {
        when(importer.list(RosterEntity.DEPARTMENTS)).thenReturn(List.of(Map.of("department_id", "CSE", "name", "Computer Science")));
        as("ADMIN", "admin@college.test").get().uri("/api/v1/admin/roster/departments").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].department_id").isEqualTo("CSE");
    }
}
