package edu.attendance.ingest.device;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.testsupport.ControllerSlice;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.util.List;
import java.util.UUID;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The device routes' mapping, validation and roles (rule 6), the device rules behind them a stand-in. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = DeviceControllerTest.Slice.class)
class DeviceControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({DeviceController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    Devices devices;

    @MockitoBean
    DeviceKeys keys;

    static final UUID DEVICE = UUID.fromString("9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d");

    static Devices.Device device(DeviceStatus status) {
        return new Devices.Device(DEVICE, "asha@college.test", "app-1", "fp-abcdef12", "WEB", status, null);
    }

    @Test
    void anyoneSignedInRegistersTheirPhone() {
        when(devices.register(eq("asha@college.test"), any())).thenReturn(device(DeviceStatus.ACTIVE));
        as("STUDENT", "asha@college.test").post().uri("/api/v1/devices").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"deviceUuid\":\"app-1\",\"fingerprintHash\":\"fp-abcdef12\",\"platform\":\"WEB\"}")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.deviceId").isEqualTo(DEVICE.toString()).jsonPath("$.status").isEqualTo("ACTIVE");
        verify(devices).register("asha@college.test", new Devices.Registration("app-1", "fp-abcdef12", "WEB", null, null, null));
        verifyNoInteractions(keys);
    }

    @Test
    void aPhoneRegistersWithItsKeyVerifiedFirst() {
        DeviceKeys.DeviceKey key = new DeviceKeys.DeviceKey(DeviceKeys.KeyKind.INSTALL_KEY, "cred-1", new byte[]{1}, "localhost", false);
        when(keys.verify(eq("asha@college.test"), any(), eq("http://localhost:8080"), eq("localhost"))).thenReturn(key);
        when(devices.register(eq("asha@college.test"), any())).thenReturn(new Devices.Device(DEVICE, "asha@college.test", "app-1",
                "fp-abcdef12", "WEB", DeviceStatus.PENDING, key));
        as("STUDENT", "asha@college.test").post().uri("http://localhost/api/v1/devices").contentType(MediaType.APPLICATION_JSON)
                .header("Origin", "http://localhost:8080")
                .bodyValue("{\"deviceUuid\":\"app-1\",\"fingerprintHash\":\"fp-abcdef12\",\"platform\":\"WEB\","
                        + "\"key\":{\"kind\":\"INSTALL_KEY\",\"challenge\":\"abc_-\",\"publicKey\":\"AAAA\",\"signature\":\"BBBB\"}}")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("PENDING").jsonPath("$.key").isEqualTo("INSTALL_KEY");
        verify(keys).verify("asha@college.test", new DeviceKeys.KeyRegistration(DeviceKeys.KeyKind.INSTALL_KEY, "abc_-", null, null,
                "AAAA", "BBBB"), "http://localhost:8080", "localhost");
        verify(devices).register("asha@college.test", new Devices.Registration("app-1", "fp-abcdef12", "WEB", null, null, key));
    }

    @Test
    void aKeyThatIsNotBase64urlOrHasNoKindIs400() {
        for (String key : List.of("{\"kind\":\"INSTALL_KEY\",\"challenge\":\"a+b/\"}", "{\"challenge\":\"abc\"}",
                "{\"kind\":\"TOTP\",\"challenge\":\"abc\"}", "{\"kind\":\"PASSKEY\"}")) {
            as("STUDENT", "asha@college.test").post().uri("/api/v1/devices").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"deviceUuid\":\"app-1\",\"fingerprintHash\":\"fp-abcdef12\",\"platform\":\"WEB\",\"key\":" + key + "}")
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        verifyNoInteractions(devices, keys);
    }

    @Test
    void aSignedInPhoneAsksForARegistrationChallenge() {
        when(keys.challenge("asha@college.test", "http://localhost:8080", "localhost"))
                .thenReturn(new DeviceKeys.DeviceChallenge("c1", "localhost", "u1", 300));
        as("STUDENT", "asha@college.test").post().uri("http://localhost/api/v1/devices/challenge").header("Origin", "http://localhost:8080")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.challenge").isEqualTo("c1").jsonPath("$.rpId").isEqualTo("localhost")
                .jsonPath("$.userHandle").isEqualTo("u1");
        web.post().uri("/api/v1/devices/challenge").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theChallengeRouteTakesNoBody() {
        as("STUDENT", "asha@college.test").post().uri("/api/v1/devices/challenge")
                .header("Content-Type", "application/json").bodyValue("{\"fuzz\":1}")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        verifyNoInteractions(keys);
    }

    @Test
    void aBadRegistrationIs400AndRegistersNothing() {
        for (String body : List.of(
                "{\"deviceUuid\":\"app 1\",\"fingerprintHash\":\"fp-abcdef12\",\"platform\":\"WEB\"}",
                "{\"deviceUuid\":\"app-1\",\"fingerprintHash\":\"short\",\"platform\":\"WEB\"}",
                "{\"deviceUuid\":\"app-1\",\"fingerprintHash\":\"fp-abcdef12\",\"platform\":\"SYMBIAN\"}",
                "{\"deviceUuid\":\"app-1\",\"fingerprintHash\":\"fp-abcdef12\",\"platform\":\"WEB\",\"integrity\":\"MAYBE\"}",
                "{\"deviceUuid\":\"app-1\",\"fingerprintHash\":\"fp-abcdef12\",\"platform\":\"WEB\",\"mac\":\"00:11\"}")) {
            as("STUDENT", "asha@college.test").post().uri("/api/v1/devices").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        web.post().uri("/api/v1/devices").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"deviceUuid\":\"app-1\",\"fingerprintHash\":\"fp-abcdef12\",\"platform\":\"WEB\"}")
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        verifyNoInteractions(devices);
    }

    @Test
    void onlyTeachersAndAdminsListAndDecide() {
        when(devices.list(DeviceStatus.PENDING, "t@college.test")).thenReturn(List.of());
        as("TEACHER", "t@college.test").get().uri("/api/v1/devices").exchange().expectStatus().isOk();
        as("ADMIN", "admin@college.test").get().uri("/api/v1/devices?status=ACTIVE").exchange().expectStatus().isOk();
        verify(devices).list(eq(DeviceStatus.ACTIVE), isNull());
        for (String role : List.of("STUDENT", "MANAGEMENT")) {
            as(role, "x@college.test").get().uri("/api/v1/devices").exchange().expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
            as(role, "x@college.test").post().uri("/api/v1/devices/" + DEVICE + "/approve").exchange().expectStatus().isForbidden();
        }
        as("TEACHER", "t@college.test").get().uri("/api/v1/devices?status=LOST").exchange().expectStatus().isBadRequest();
        as("TEACHER", "t@college.test").post().uri("/api/v1/devices/not-a-uuid/approve").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        verify(devices, never()).decide(any(), anyBoolean(), any(), any());
    }

    @Test
    void aTeacherDecidesForTheirOwnStudentsAndARefusalKeepsItsCode() {
        when(devices.decide(DEVICE, true, "t@college.test", "t@college.test")).thenReturn(device(DeviceStatus.ACTIVE));
        as("TEACHER", "t@college.test").post().uri("/api/v1/devices/" + DEVICE + "/approve").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
        when(devices.decide(DEVICE, false, "admin@college.test", null)).thenThrow(new ApiException(ErrorCode.CONFLICT, "already decided"));
        as("ADMIN", "admin@college.test").post().uri("/api/v1/devices/" + DEVICE + "/reject").exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("CONFLICT");
    }
}
