package edu.attendance.platform.kafka;

import edu.attendance.contracts.StudentsErased;
import edu.attendance.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * Removes erased students from one store a module owns, as each {@link StudentsErased} event arrives: in a consumer
 * group of the store's own (its instances share it, so each event is applied once per store), {@code read_committed}.
 * A removal that fails (its store is away) is tried again every 5 s before the event's offset is committed, so a
 * crash repeats it — which removes nothing more. Events are read once: a student enrolled again later under the same
 * e-mail is not removed by an old event when an instance restarts.
 */
public abstract class ErasureFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ErasureFollower.class);
    private static final Duration BACKOFF = Duration.ofSeconds(5);

    private final String store;
    private final KafkaConsumer<String, StudentsErased> consumer;
    private final Thread thread;
    private volatile boolean running;

    /**
     * {@code store}: what this removes from, named in the group id and the logs (e.g. {@code history});
     * {@code connection}: the servers and security every client of the service uses (spring.kafka's).
     */
    protected ErasureFollower(String store, Map<String, Object> connection) {
        this.store = store;
        Map<String, Object> config = new HashMap<>(connection);
        config.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "attendance-" + store + "-erasure", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 3_600_000));
        this.consumer = new KafkaConsumer<>(config, Topics.ERASURES.keySerde().deserializer(), Topics.ERASURES.valueSerde().deserializer());
        this.thread = Thread.ofPlatform().name(store + "-erasure").daemon().unstarted(this::run);
    }

    /** Removes these students from the store; throws while it cannot (tried again). Must be harmless to repeat. */
    protected abstract void erase(StudentsErased erased);

    private void run() {
        consumer.subscribe(List.of(Topics.ERASURES.name()));
        try {
            while (running) {
                for (ConsumerRecord<String, StudentsErased> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && !eraseUntilDone(r.value())) {
                        return; // stopping before it was done: not committed, the next start does it
                    }
                }
                consumer.commitSync();
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("{} erasure stopped", store, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private boolean eraseUntilDone(StudentsErased erased) {
        while (running) {
            try {
                erase(erased);
                log.info("erasure {}: {} students removed from the {}", erased.erasureId(), erased.emailHashes().size(), store);
                return true;
            } catch (RuntimeException e) {
                log.warn("erasure {} not done in the {} yet ({}); again in {}", erased.erasureId(), store, e.toString(), BACKOFF);
                try {
                    Thread.sleep(BACKOFF); // waiting for the store to come back, not synchronising anything
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    @Override
    public void start() {
        running = true;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
