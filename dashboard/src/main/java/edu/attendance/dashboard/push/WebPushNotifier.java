package edu.attendance.dashboard.push;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.KeyFiles;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Web Push (VAPID, RFC 8292) to the browsers a user subscribed: the payload encrypted per RFC 8291,
 * sent asynchronously; a subscription the push service reports gone (404/410) is forgotten. Sending is bounded
 * ({@link PushThrottle}): a few notices per account per minute, at most {@code max-concurrent} requests in flight and
 * {@code max-queued} waiting, and a push service that answers 429 or 5xx is left alone for its {@code Retry-After};
 * what is held back is dropped and counted ({@code attendance.push.dropped}).
 */
@Component
class WebPushNotifier implements PushNotifier, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebPushNotifier.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final PushSubscriptions subscriptions;
    private final ECKey vapid;
    private final String subject;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final PushThrottle throttle;
    private final Semaphore inFlight;
    private final AtomicInteger queued = new AtomicInteger();
    private final int maxQueued;
    private final MeterRegistry meters;

    public WebPushNotifier(PushSubscriptions subscriptions, PushSettings settings, AttendanceProperties props, Clock clock,
                           MeterRegistry meters) {
        this.subscriptions = subscriptions;
        this.throttle = new PushThrottle(clock, settings.perAccountPerMinute(), 100_000);
        this.inFlight = new Semaphore(settings.maxConcurrent());
        this.maxQueued = settings.maxQueued();
        this.meters = meters;
        this.subject = settings.subject();
        Path file = settings.vapidKeyFile() != null ? settings.vapidKeyFile()
                : props.dataDir().resolve("keys").resolve("vapid.jwk");
        this.vapid = loadOrCreate(file);
    }

    /** The application server key browsers subscribe with (uncompressed P-256 point, base64url). */
    public String publicKey() {
        try {
            return B64.encodeToString(WebPushEncryption.raw(vapid.toECPublicKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void notify(String email, Map<String, Object> payload) {
        List<PushSubscriptions.Subscription> browsers = subscriptions.of(email);
        if (browsers.isEmpty()) {
            return;
        }
        if (!throttle.admit(email)) {
            dropped("account-rate");
            return;
        }
        byte[] body = JSON.writeValueAsBytes(payload);
        for (PushSubscriptions.Subscription s : browsers) {
            if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                dropped("queue-full");
                continue;
            }
            senders.execute(() -> {
                try {
                    inFlight.acquire();
                    try {
                        send(s, body);
                    } finally {
                        inFlight.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    queued.decrementAndGet();
                }
            });
        }
    }

    private void dropped(String reason) {
        meters.counter("attendance.push.dropped", "reason", reason).increment();
    }

    private void send(PushSubscriptions.Subscription s, byte[] payload) {
        try {
            URI uri = URI.create(s.endpoint());
            String service = uri.getScheme() + "://" + uri.getAuthority();
            if (!throttle.open(s.endpoint()) || !throttle.open(service)) {
                dropped("push-service-busy");
                return;
            }
            byte[] encrypted = WebPushEncryption.encrypt(payload, B64D.decode(s.p256dh()), B64D.decode(s.auth()));
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10))
                    .header("TTL", "600")
                    .header("Urgency", "high")
                    .header("Content-Encoding", "aes128gcm")
                    .header("Content-Type", "application/octet-stream")
                    .header("Authorization", "vapid t=" + vapidJwt(uri) + ", k=" + publicKey())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(encrypted))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            if (status == 404 || status == 410) {
                subscriptions.forget(s.endpoint());
            } else if (status == 429) {
                throttle.backOff(s.endpoint(), retryAfter); // too many to this browser: leave it alone a while
            } else if (status >= 500) {
                throttle.backOff(service, retryAfter); // the push service itself is in trouble
                log.warn("push service {} answered {}; left alone for its Retry-After", uri.getHost(), status);
            } else if (status >= 300) {
                log.warn("push service answered {} for a subscription of host {}", status, uri.getHost());
            }
        } catch (IOException | GeneralSecurityException | JOSEException | RuntimeException e) {
            log.warn("a push notification could not be sent: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String vapidJwt(URI endpoint) throws JOSEException {
        String audience = endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().audience(audience).subject(subject)
                        .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(12)))).build());
        jwt.sign(new ECDSASigner(vapid));
        return jwt.serialize();
    }

    private static ECKey loadOrCreate(Path file) {
        try {
            return ECKey.parse(KeyFiles.loadOrCreate(file, () -> {
                try {
                    return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate().toJSONString();
                } catch (JOSEException e) {
                    throw new IllegalStateException(e);
                }
            }));
        } catch (ParseException e) {
            throw new IllegalStateException("bad VAPID key file " + file, e);
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
