package edu.attendance.ingest.support;

import edu.attendance.contracts.Topic;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events keyed by session id. {@link #publish} completes only once every in-sync replica
 * acknowledged the write (idempotent producer, {@code acks=all}); when Kafka cannot, the caller gets
 * {@code UNAVAILABLE} (503 + Retry-After), never a false success.
 */
@Component
public class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaTemplate<String, Object> kafka;
    private final KafkaReach reach;

    public EventPublisher(KafkaTemplate<String, Object> kafka, KafkaReach reach) {
        this.kafka = kafka;
        this.reach = reach;
    }

    public <V> Mono<Void> publish(Topic<String, V> topic, String sessionId, V event) {
        // no timer of its own per write: the producer fails the send itself once delivery.timeout.ms (10 s) has passed
        return Mono.defer(() -> Mono.fromFuture(kafka.send(topic.name(), sessionId, event)))
                .doOnNext(r -> reach.succeeded())
                .doOnError(reach::failed)
                .onErrorMap(e -> !(e instanceof ApiException), e -> {
                    log.warn("Kafka did not acknowledge a write to {}: {}", topic, e.toString());
                    return new ApiException(ErrorCode.UNAVAILABLE, "the attendance log is unavailable; retry shortly");
                })
                .then();
    }

    /** The same, blocking; for work that already runs off the event loop (inside a DB transaction). */
    public <V> void publishNow(Topic<String, V> topic, String sessionId, V event) {
        try {
            kafka.send(topic.name(), sessionId, event).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            reach.succeeded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.UNAVAILABLE, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            reach.failed(e);
            log.warn("Kafka did not acknowledge a write to {}: {}", topic, e.toString());
            throw new ApiException(ErrorCode.UNAVAILABLE, "the attendance log is unavailable; retry shortly");
        }
    }

    /** Fire and forget, for records kept for analytics only (rejections). */
    public <V> void publishQuietly(Topic<String, V> topic, String sessionId, V event) {
        try {
            kafka.send(topic.name(), sessionId, event).whenComplete((r, e) -> {
                if (e != null) {
                    log.debug("dropped an analytics record for {}: {}", topic, e.toString());
                }
            });
        } catch (RuntimeException e) {
            // never let an analytics record turn a client's answer into an error (e.g. a cancelled request's thread)
            log.debug("dropped an analytics record for {}: {}", topic, e.toString());
        }
    }
}
