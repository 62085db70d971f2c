package edu.attendance.ingest.support;

import edu.attendance.contracts.Topic;
import edu.attendance.contracts.Topics;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A transactional outbox for the events that describe a change in PostgreSQL (a session opened or closed, a
 * teacher's mark): {@link #append} writes the event in the caller's transaction, so it exists exactly when the
 * change does; after the commit a drainer thread of its own sends what is pending, and a relay retries every second
 * while Kafka is away. (The committing thread sent it itself before: inside the commit's after-completion it still held
 * its connection and took a second one to drain — sixteen teachers' marks at once took all ten connections and waited
 * for an eleventh until the pool's 30 s timeout.) Sending is at least once and in id order, one drainer at a time across instances (an advisory
 * lock); the stream ignores a replayed open or close and a replayed mark decides the same thing again.
 */
@Component
public class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** The advisory lock that makes one instance at a time the drainer ("outbox" in ASCII). */
    private static final long DRAIN_LOCK = 0x6f7574626f78L;
    private static final int BATCH = 500;

    private record Pending(long id, String topic, String key, String type, String payload) {
    }

    private final JdbcClient jdbc;
    private final EventPublisher events;
    private final TransactionTemplate own;
    private final JsonMapper json = JsonMapper.builder().build();
    /** One drain at a time after commits, each commit's request folded into a drain not yet begun. */
    private final ExecutorService drainer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("outbox-drain").daemon().factory());
    private final AtomicBoolean queued = new AtomicBoolean();

    public Outbox(JdbcClient jdbc, EventPublisher events, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.events = events;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Writes {@code event} to be sent to {@code topic}; only inside a transaction, which it commits or rolls back with. */
    public <V> void append(Topic<String, V> topic, String key, V event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an outbox event belongs to a transaction");
        }
        jdbc.sql("INSERT INTO outbox (topic, event_key, event_type, payload) VALUES (?, ?, ?, ?)")
                .params(topic.name(), key, event.getClass().getName(), json.writeValueAsString(event)).update();
        if (!TransactionSynchronizationManager.hasResource(this)) {
            TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
                    if (status == STATUS_COMMITTED) {
                        drainSoon();
                    }
                }
            });
        }
    }

    /**
     * Sends what is pending, oldest first, and deletes each row once Kafka acknowledged it; stops at the first
     * failure (the rest stays for the relay). Returns how many were sent; 0 when another instance is draining.
     */
    public int drain() {
        Integer sent = own.execute(status -> {
            if (!Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(DRAIN_LOCK).query(Boolean.class).single())) {
                return 0;
            }
            List<Pending> rows = jdbc.sql("SELECT id, topic, event_key, event_type, payload FROM outbox ORDER BY id LIMIT " + BATCH)
                    .query((rs, i) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                    .list();
            int n = 0;
            for (Pending p : rows) {
                Runnable send = sending(Topics.named(p.topic()), p); // a row that cannot be read is an error, not Kafka's absence
                try {
                    send.run();
                } catch (RuntimeException e) {
                    log.debug("outbox: Kafka did not take event {} yet: {}", p.id(), e.toString());
                    break;
                }
                jdbc.sql("DELETE FROM outbox WHERE id = ?").param(p.id()).update();
                n++;
            }
            return n;
        });
        return sent == null ? 0 : sent;
    }

    /** Sending a row's event, read as the class it was written from, which must be the topic's kind of value. */
    private <V> Runnable sending(Topic<String, V> topic, Pending p) {
        Class<?> type;
        try {
            type = Class.forName(p.type());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("outbox row " + p.id() + " names an unknown event type " + p.type(), e);
        }
        if (!topic.valueType().isAssignableFrom(type)) {
            throw new IllegalStateException("outbox row " + p.id() + " holds a " + p.type() + ", not a value of " + topic);
        }
        V event = topic.valueType().cast(json.readValue(p.payload(), type));
        return () -> events.publishNow(topic, p.key(), event);
    }

    /** The relay: whatever a commit could not send (Kafka away, another instance's crash) goes out within a second of Kafka's return. */
    @Scheduled(fixedDelay = 1_000, initialDelay = 1_000)
    public void relay() {
        drainQuietly();
    }

    /** Drains on the drainer thread, soon; a request made while one waits to begin is the same drain. */
    private void drainSoon() {
        if (queued.compareAndSet(false, true)) {
            drainer.execute(() -> {
                queued.set(false);
                drainQuietly();
            });
        }
    }

    @PreDestroy
    void stop() {
        drainer.shutdown();
    }

    private void drainQuietly() {
        try {
            drain();
        } catch (RuntimeException e) {
            log.warn("outbox: sending pending events failed, will retry: {}", e.toString());
        }
    }
}
