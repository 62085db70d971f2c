package edu.attendance.systemtests.web;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import edu.attendance.dashboard.push.WebPushEncryption;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A student whose app is closed gets a Web Push notice when a session opens: the test plays the push
 * service (an HTTP server on loopback) and the browser (its own key pair), and reads what arrives.
 */
class WebPushIT {

    record Received(Map<String, String> headers, byte[] body) {
    }

    static HttpServer pushService;
    static final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    /** What reached the push service's busy part, which answers 429 and asks to be left alone for an hour. */
    static final BlockingQueue<String> busy = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        pushService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        pushService.createContext("/push/", ex -> {
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
            inbox.add(new Received(headers, ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(ex.getRequestURI().getPath().endsWith("/gone") ? 410 : 201, -1);
            ex.close();
        });
        pushService.createContext("/busy/", ex -> {
            busy.add(ex.getRequestURI().getPath());
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Retry-After", "3600");
            ex.sendResponseHeaders(429, -1);
            ex.close();
        });
        pushService.start();
    }

    @AfterAll
    static void stop() {
        pushService.stop(0);
    }

    /** A browser's own push key pair (P-256), as a subscription makes it. */
    static KeyPair browserKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** The subscription's {@code p256dh}: the public key, uncompressed, base64url. */
    static String p256dh(KeyPair browser) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(WebPushEncryption.raw((ECPublicKey) browser.getPublic()));
    }

    @Test
    void anAccountKeepsAtMostTenSubscriptionsTheNewest() throws Exception {
        Api api = Fixtures.get().api;
        Map<String, String> r = Fixtures.get().roster("wp2");
        String student = api.login(r.get("b"));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String p256dh = p256dh(browserKeys());
        String auth = b64.encodeToString(new byte[16]);
        for (int i = 0; i < 14; i++) {
            assertThat(api.post("/api/v1/me/push-subscriptions", student, Map.of("endpoint", "http://127.0.0.1:"
                    + pushService.getAddress().getPort() + "/push/many-" + i, "keys", Map.of("p256dh", p256dh, "auth", auth))).status())
                    .isEqualTo(201);
        }
        List<String> kept = TestStack.get().context().getBean(JdbcTemplate.class)
                .queryForList("SELECT endpoint FROM push_subscriptions WHERE email = ?", String.class, r.get("b"));
        assertThat(kept).hasSize(10).noneMatch(e -> e.endsWith("/many-0") || e.endsWith("/many-3")).anyMatch(e -> e.endsWith("/many-13"));
    }

    @Test
    void aClosedAppIsToldBySignedEncryptedWebPush() throws Exception {
        Api api = Fixtures.get().api;
        Map<String, String> r = Fixtures.get().roster("wp1");
        String teacher = api.login(r.get("teacher"));
        String student = api.login(r.get("a"));
        KeyPair browser = browserKeys();
        byte[] auth = new byte[16];
        new SecureRandom().nextBytes(auth);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String p256dh = p256dh(browser);
        String endpoint = "http://127.0.0.1:" + pushService.getAddress().getPort() + "/push/student-a";

        assertThat(api.post("/api/v1/me/push-subscriptions", student, Map.of("endpoint", "https://evil.example/x",
                "keys", Map.of("p256dh", p256dh, "auth", b64.encodeToString(auth)))).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.post("/api/v1/me/push-subscriptions", student, Map.of("endpoint", endpoint,
                "keys", Map.of("p256dh", p256dh, "auth", b64.encodeToString(auth)))).status()).isEqualTo(201);
        String vapidKey = api.get("/api/v1/push/vapid-public-key", student).json().path("publicKey").asString();

        String sessionId = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 20))
                .json().path("sessionId").asString();
        Received push = inbox.poll(30, TimeUnit.SECONDS);
        assertThat(push).as("a push arrived").isNotNull();
        assertThat(push.headers()).containsEntry("content-encoding", "aes128gcm").containsKey("ttl");
        String authorization = push.headers().get("authorization");
        assertThat(authorization).startsWith("vapid t=").endsWith(", k=" + vapidKey);
        SignedJWT jwt = SignedJWT.parse(authorization.substring("vapid t=".length(), authorization.indexOf(',')));
        assertThat(jwt.verify(new ECDSAVerifier(WebPushEncryption.publicKey(Base64.getUrlDecoder().decode(vapidKey))))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("http://127.0.0.1:" + pushService.getAddress().getPort());
        String payload = new String(WebPushEncryption.decrypt(push.body(), (ECPrivateKey) browser.getPrivate(),
                WebPushEncryption.raw((ECPublicKey) browser.getPublic()), auth), StandardCharsets.UTF_8);
        assertThat(payload).contains("session-opened").contains(sessionId);
    }

    /**
     * A push service that answers 429 with {@code Retry-After} is left alone until then: the next notice for that
     * browser is dropped (and counted), not sent again.
     */
    @Test
    void aPushServiceThatAsksToBeLeftAloneIsLeftAlone() throws Exception {
        Api api = Fixtures.get().api;
        Map<String, String> r = Fixtures.get().roster("wp3");
        String teacher = api.login(r.get("teacher"));
        String student = api.login(r.get("c"));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String p256dh = p256dh(browserKeys());
        assertThat(api.post("/api/v1/me/push-subscriptions", student, Map.of("endpoint", "http://127.0.0.1:"
                + pushService.getAddress().getPort() + "/busy/wp3", "keys", Map.of("p256dh", p256dh, "auth", b64.encodeToString(new byte[16]))))
                .status()).isEqualTo(201);
        MeterRegistry meters = TestStack.get().context().getBean(MeterRegistry.class);
        DoubleSupplier leftAlone = () -> meters.counter("attendance.push.dropped", "reason", "push-service-busy").count();
        double before = leftAlone.getAsDouble();

        String first = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 20))
                .json().path("sessionId").asString();
        assertThat(busy.poll(30, TimeUnit.SECONDS)).as("the first notice reached the push service").isEqualTo("/busy/wp3");
        assertThat(api.post("/api/v1/sessions/" + first + "/close", teacher, null).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 20)).status())
                .isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> leftAlone.getAsDouble() >= before + 1);
        assertThat(busy).as("nothing more was sent to it").isEmpty();
    }
}
