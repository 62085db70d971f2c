package edu.attendance.ingest.auth;

import edu.attendance.ingest.device.DeviceStatus;
import edu.attendance.ingest.device.Devices;
import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Signing in: dev login (when enabled), Google, refresh — open routes that answer tokens only to verified roster members. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR, "attendance.auth.dev-login=true",
        "attendance.auth.allowed-domain=college.test"})
@ContextConfiguration(classes = AuthControllerTest.Slice.class)
class AuthControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({AuthController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    Users users;
    @MockitoBean
    RefreshTokens refreshTokens;
    @MockitoBean
    GoogleIdTokens google;
    @MockitoBean
    Devices devices;
    @MockitoBean
    SignInOptions signInOptions;

    static final Users.User ASHA = new Users.User("asha@college.test", "Asha Rao", Role.STUDENT, true, false);

    @Test
    void aVerifiedRosterMemberGetsTokensAndTheirDeviceState() {
        when(users.find("asha@college.test")).thenReturn(Optional.of(ASHA));
        when(devices.bindingState("asha@college.test", false)).thenReturn(DeviceStatus.Binding.PENDING);
        when(refreshTokens.issue("asha@college.test")).thenReturn(new RefreshTokens.Issued("refresh-1", java.util.UUID.randomUUID()));
        web.post().uri("/api/v1/auth/dev-login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\" Asha@College.test \"}").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.accessToken").isNotEmpty().jsonPath("$.refreshToken").isEqualTo("refresh-1")
                .jsonPath("$.expiresIn").isEqualTo(900).jsonPath("$.user.role").isEqualTo("STUDENT");
    }

    @Test
    void anUnverifiedOrForeignAccountGetsNoTokens() {
        when(users.find("ghost@college.test")).thenReturn(Optional.of(new Users.User("ghost@college.test", "G", Role.TEACHER, false, false)));
        web.post().uri("/api/v1/auth/dev-login").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"email\":\"ghost@college.test\"}")
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("NOT_VERIFIED");
        web.post().uri("/api/v1/auth/dev-login").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"email\":\"x@elsewhere.test\"}")
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("DOMAIN_NOT_ALLOWED");
        verify(users, never()).find("x@elsewhere.test");
        verifyNoInteractions(refreshTokens);
    }

    @Test
    void aBadSignInBodyIs400() {
        for (String body : List.of("{}", "{\"email\":\"\"}", "{\"email\":\"a@college.test\",\"password\":\"x\"}", "[1]", "{\"email\":")) {
            web.post().uri("/api/v1/auth/dev-login").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        web.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"refreshToken\":\"\"}")
                .exchange().expectStatus().isBadRequest();
        verifyNoInteractions(users, refreshTokens);
    }

    @Test
    void aRefreshRotatesAndChecksTheAccountAgain() {
        when(refreshTokens.rotate("refresh-1")).thenReturn(new RefreshTokens.Rotated("asha@college.test", "refresh-2", java.util.UUID.randomUUID()));
        when(users.find("asha@college.test")).thenReturn(Optional.of(ASHA));
        when(devices.bindingState("asha@college.test", false)).thenReturn(DeviceStatus.Binding.ACTIVE);
        web.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"refreshToken\":\"refresh-1\"}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.refreshToken").isEqualTo("refresh-2");
        when(users.find("asha@college.test")).thenReturn(Optional.empty());
        web.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"refreshToken\":\"refresh-1\"}")
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("NOT_VERIFIED");
        when(refreshTokens.rotate("reused")).thenThrow(new ApiException(ErrorCode.UNAUTHENTICATED, "refresh token reused"));
        web.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"refreshToken\":\"reused\"}")
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void aGoogleTokenTheVerifierRefusesGivesItsProblem() {
        when(google.verifiedEmail(anyString())).thenReturn(Mono.error(new ApiException(ErrorCode.UNAUTHENTICATED, "bad ID token")));
        web.post().uri("/api/v1/auth/google").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"idToken\":\"x.y.z\"}")
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        verifyNoInteractions(users);
    }

    @Test
    void theSignInOptionsAreOpenToAnyone() {
        when(signInOptions.options()).thenReturn(new SignInOptions.Options(false, true, List.of(), "UTC", 0.75, LocalDate.of(2026, 7, 1)));
        web.get().uri("/api/v1/auth/options").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.google").isEqualTo(false).jsonPath("$.devLogin").isEqualTo(true).jsonPath("$.atRiskThreshold").isEqualTo(0.75);
    }
}
