package edu.attendance.ingest.auth;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.platform.security.Role;
import edu.attendance.testsupport.ControllerSlice;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.util.List;

import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The accounts list and verifying staff: ADMIN only; a body names an ADMIN or MANAGEMENT account, never a roster role. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = AdminUsersControllerTest.Slice.class)
class AdminUsersControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({AdminUsersController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    Users users;

    @Test
    void anAdminVerifiesAManagementMemberByANormalisedEmail() {
        when(users.verifyStaff("admin@college.test", "dean@college.test", "The Dean", Role.MANAGEMENT)).thenReturn(true);
        as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"Dean@College.test\",\"name\":\"The Dean\",\"role\":\"MANAGEMENT\"}")
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.email").isEqualTo("dean@college.test").jsonPath("$.role").isEqualTo("MANAGEMENT")
                .jsonPath("$.verified").isEqualTo(true);
    }

    @Test
    void aRosterMembersEmailIsAConflict() {
        when(users.verifyStaff("admin@college.test", "t@college.test", "T", Role.ADMIN)).thenReturn(false);
        as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"t@college.test\",\"name\":\"T\",\"role\":\"ADMIN\"}")
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("CONFLICT");
    }

    @Test
    void onlyAdminsAndOnlyStaffRoles() {
        for (String role : List.of("STUDENT", "TEACHER", "MANAGEMENT")) {
            as(role, "x@college.test").post().uri("/api/v1/admin/users").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"email\":\"y@college.test\",\"name\":\"Y\",\"role\":\"ADMIN\"}")
                    .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
            as(role, "x@college.test").get().uri("/api/v1/admin/users").exchange().expectStatus().isForbidden();
        }
        for (String body : List.of("{\"email\":\"y@college.test\",\"name\":\"Y\",\"role\":\"TEACHER\"}",
                "{\"email\":\"not-an-email\",\"name\":\"Y\",\"role\":\"ADMIN\"}", "{\"email\":\"y@college.test\",\"role\":\"ADMIN\"}")) {
            as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/users").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        verifyNoInteractions(users);
    }

    @Test
    void theListIsPagedByEmailWithANextLink() {
        when(users.list(Role.TEACHER, null, null, 3)).thenReturn(List.of(
                new Users.Account("a@college.test", "A", Role.TEACHER, true, false, null),
                new Users.Account("b@college.test", "B", Role.TEACHER, true, false, null),
                new Users.Account("c@college.test", "C", Role.TEACHER, true, false, null)));
        as("ADMIN", "admin@college.test").get().uri("/api/v1/admin/users?role=TEACHER&limit=2").exchange().expectStatus().isOk()
                .expectHeader().value("Link", l -> Assertions.assertThat(l).contains("rel=\"next\"").contains("role=TEACHER"))
                .expectBody().jsonPath("$.length()").isEqualTo(2).jsonPath("$[1].email").isEqualTo("b@college.test");
        as("ADMIN", "admin@college.test").get().uri("/api/v1/admin/users?role=JANITOR").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        verify(users).list(ArgumentMatchers.eq(Role.TEACHER), isNull(), isNull(), ArgumentMatchers.eq(3));
    }
}
