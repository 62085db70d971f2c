package edu.attendance.ingest.auth;

import edu.attendance.ingest.capture.ClientAddress;
import edu.attendance.ingest.device.DeviceStatus;
import edu.attendance.ingest.device.Devices;
import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
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
    @Import({AuthController.class, TokenKeys.class, WebPlatformConfiguration.class, ClientAddress.class, DemoSignInCode.class})
    static class Slice {
        /** The test client has no socket: the caller's address is 127.0.0.1 unless a test names another in X-Test-Peer. */
        @Bean
        WebFilter peer() {
            return (exchange, chain) -> {
                String peer = exchange.getRequest().getHeaders().getFirst("X-Test-Peer");
                InetSocketAddress address = new InetSocketAddress(InetAddress.ofLiteral(peer == null ? "127.0.0.1" : peer), 40_000);
                return chain.filter(exchange.mutate().request(r -> r.remoteAddress(address)).build());
            };
        }
    }

    @Autowired
    DemoSignInCode demoCode;

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
    void anyoneReadsThePublicKeysAndNothingPrivate() {
        web.get().uri("/.well-known/jwks.json").exchange()
                .expectStatus().isOk()
                .expectHeader().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .expectBody()
                .jsonPath("$.keys[0].kty").isEqualTo("RSA")
                .jsonPath("$.keys[0].kid").isNotEmpty()
                .jsonPath("$.keys[0].n").isNotEmpty()
                .jsonPath("$.keys[0].d").doesNotExist()
                .jsonPath("$.keys[0].p").doesNotExist();
    }

    @Test
    void aVerifiedRosterMemberGetsTokensAndTheirDeviceState() {
        when(users.find("asha@college.test")).thenReturn(Optional.of(ASHA));
        when(devices.bindingState("asha@college.test", false)).thenReturn(DeviceStatus.Binding.PENDING);
        when(refreshTokens.issue("asha@college.test")).thenReturn(new RefreshTokens.Issued("refresh-1", UUID.randomUUID()));
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
        when(refreshTokens.rotate("refresh-1")).thenReturn(new RefreshTokens.Rotated("asha@college.test", "refresh-2", UUID.randomUUID()));
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
        when(signInOptions.options(true)).thenReturn(new SignInOptions.Options(false, true, false, List.of(), "UTC", 0.75, LocalDate.of(2026, 7, 1)));
        web.get().uri("/api/v1/auth/options").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.google").isEqualTo(false).jsonPath("$.devLogin").isEqualTo(true).jsonPath("$.atRiskThreshold").isEqualTo(0.75);
    }

    @Test
    void anotherMachineIsAskedForTheOptionsOfAStrangerNotOfThisMachine() {
        when(signInOptions.options(false)).thenReturn(new SignInOptions.Options(false, true, true, List.of(), "UTC", 0.75, LocalDate.of(2026, 7, 1)));
        web.get().uri("/api/v1/auth/options").header("X-Test-Peer", "192.0.2.7").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.codeRequired").isEqualTo(true);
        verify(signInOptions, never()).options(true);
        // an X-Forwarded-For naming loopback changes nothing: no proxy is trusted
        web.get().uri("/api/v1/auth/options").header("X-Test-Peer", "192.0.2.7").header("X-Forwarded-For", "127.0.0.1")
                .exchange().expectStatus().isOk();
        verify(signInOptions, never()).options(true);
    }

    @Test
    void fromAnotherMachineDevLoginNeedsTheConsolesCodeOnce() {
        when(users.find("asha@college.test")).thenReturn(Optional.of(ASHA));
        when(devices.bindingState("asha@college.test", false)).thenReturn(DeviceStatus.Binding.ACTIVE);
        when(refreshTokens.issue("asha@college.test")).thenReturn(new RefreshTokens.Issued("refresh-1", UUID.randomUUID()));
        List<String> console = new CopyOnWriteArrayList<>();
        demoCode.showTo(console::add);
        String shown = console.getLast();
        web.post().uri("/api/v1/auth/dev-login").header("X-Test-Peer", "192.0.2.7").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"asha@college.test\"}").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("SIGN_IN_CODE_WRONG");
        web.post().uri("/api/v1/auth/dev-login").header("X-Test-Peer", "2001:db8::5").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"asha@college.test\",\"code\":\"" + shown.toLowerCase(Locale.ROOT).replace("-", "") + "\"}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.accessToken").isNotEmpty();
        // spent: the console shows the next one, and the old one is refused
        assertThat(console.getLast()).isNotEqualTo(shown);
        web.post().uri("/api/v1/auth/dev-login").header("X-Test-Peer", "192.0.2.7").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"asha@college.test\",\"code\":\"" + shown + "\"}").exchange().expectStatus().isForbidden();
        // the server's own machine signs in as before
        web.post().uri("/api/v1/auth/dev-login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"asha@college.test\"}").exchange().expectStatus().isOk();
    }

    @Test
    void fiveWrongCodesRetireTheCodeOnTheConsole() {
        List<String> console = new CopyOnWriteArrayList<>();
        demoCode.showTo(console::add);
        String shown = console.getLast();
        for (int i = 0; i < DemoSignInCode.MAX_WRONG; i++) {
            web.post().uri("/api/v1/auth/dev-login").header("X-Test-Peer", "192.0.2.7").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"email\":\"asha@college.test\",\"code\":\"AAAA-AAA" + i + "\"}").exchange().expectStatus().isForbidden();
        }
        assertThat(console).hasSize(2);
        web.post().uri("/api/v1/auth/dev-login").header("X-Test-Peer", "192.0.2.7").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"asha@college.test\",\"code\":\"" + shown + "\"}").exchange().expectStatus().isForbidden();
        verifyNoInteractions(users);
    }
}
