package edu.attendance.dashboard.push;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.testsupport.ControllerSlice;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.util.Base64;
import java.util.List;

import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** A browser's push subscription: the caller's own, only to a known push service over https, with keys of the right size. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = PushSubscriptionControllerTest.Slice.class)
class PushSubscriptionControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @EnableConfigurationProperties(PushSettings.class)
    @Import({PushSubscriptionController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    PushSubscriptions subscriptions;
    @MockitoBean
    WebPushNotifier notifier;

    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    static final String P256DH = B64.encodeToString(point());
    static final String AUTH = B64.encodeToString(new byte[16]);

    static byte[] point() {
        byte[] p = new byte[65];
        p[0] = 4;
        return p;
    }

    static String body(String endpoint, String p256dh, String auth) {
        return "{\"endpoint\":\"" + endpoint + "\",\"keys\":{\"p256dh\":\"" + p256dh + "\",\"auth\":\"" + auth + "\"}}";
    }

    @Autowired
    PushSettings settings;

    @Test
    void theDefaultPushServicesAreEachAllowed() {
        // a comma-separated default once bound as one host named "fcm.googleapis.com,updates…": no browser could subscribe
        Assertions.assertThat(settings.allowedHosts())
                .contains("fcm.googleapis.com", "updates.push.services.mozilla.com", "web.push.apple.com");
    }

    @Test
    void aKnownPushServiceIsKeptForTheCaller() {
        String endpoint = "https://fcm.googleapis.com/fcm/send/abc";
        as("STUDENT", "a@college.test").post().uri("/api/v1/me/push-subscriptions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(endpoint, P256DH, AUTH)).exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.endpoint").isEqualTo(endpoint);
        verify(subscriptions).save("a@college.test", new PushSubscriptions.Subscription(endpoint, P256DH, AUTH));
    }

    @Test
    void anyOtherHostOrKeyIsRefusedAndNothingKept() {
        for (String body : List.of(body("https://evil.test/push", P256DH, AUTH), body("http://fcm.googleapis.com/x", P256DH, AUTH),
                body("https://user@fcm.googleapis.com/x", P256DH, AUTH), body("not a url", P256DH, AUTH),
                body("https://fcm.googleapis.com/x", B64.encodeToString(new byte[64]), AUTH),
                body("https://fcm.googleapis.com/x", P256DH, B64.encodeToString(new byte[15])),
                body("https://fcm.googleapis.com/x", "***", AUTH))) {
            as("STUDENT", "a@college.test").post().uri("/api/v1/me/push-subscriptions").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        web.post().uri("/api/v1/me/push-subscriptions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body("https://fcm.googleapis.com/x", P256DH, AUTH)).exchange().expectStatus().isUnauthorized();
        verifyNoInteractions(subscriptions);
    }

    @Test
    void aCallerRemovesOnlyTheirOwnAndReadsTheServerKey() {
        as("TEACHER", "t@college.test").delete().uri("/api/v1/me/push-subscriptions?endpoint=https://fcm.googleapis.com/x")
                .exchange().expectStatus().isNoContent();
        verify(subscriptions).remove("t@college.test", "https://fcm.googleapis.com/x");
        when(notifier.publicKey()).thenReturn("BPublic");
        as("TEACHER", "t@college.test").get().uri("/api/v1/push/vapid-public-key").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.publicKey").isEqualTo("BPublic");
    }
}
