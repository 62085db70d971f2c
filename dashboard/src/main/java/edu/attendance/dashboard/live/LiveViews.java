package edu.attendance.dashboard.live;

import edu.attendance.contracts.JsonSerde;
import edu.attendance.contracts.LiveView;
import edu.attendance.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest live view of every recent session, read from the compacted live topic by every dashboard
 * instance (no consumer group: each instance holds all views; sessions older than a day drop out).
 * Changes are also offered as a stream for SSE subscribers.
 */
@Component
public class LiveViews implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveViews.class);
    private static final Duration KEEP = Duration.ofHours(24);

    private final Map<String, LiveView> views = new ConcurrentHashMap<>();
    private final Sinks.Many<LiveView> changes = Sinks.many().multicast().directBestEffort();
    private final Map<String, Object> config;
    private volatile KafkaConsumer<String, LiveView> consumer;
    private volatile boolean running;
    private Thread thread;

    public LiveViews(@Value("${spring.kafka.bootstrap-servers}") String bootstrap) {
        this.config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }

    public Optional<LiveView> get(String sessionId) {
        return Optional.ofNullable(views.get(sessionId));
    }

    public Flux<LiveView> allChanges() {
        return changes.asFlux();
    }

    public Flux<LiveView> changes(String sessionId) {
        return changes.asFlux().filter(v -> v.sessionId().equals(sessionId));
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), JsonSerde.of(LiveView.class));
        running = true;
        thread = Thread.ofPlatform().name("live-views").daemon().start(this::run);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = List.of();
            while (running && partitions.isEmpty()) {
                List<PartitionInfo> infos = consumer.partitionsFor(Topics.LIVE, Duration.ofSeconds(5));
                partitions = infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long lastPrune = System.nanoTime();
            while (running) {
                for (ConsumerRecord<String, LiveView> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value() == null) {
                        views.remove(r.key());
                    } else {
                        views.put(r.key(), r.value());
                        changes.tryEmitNext(r.value());
                    }
                }
                if (System.nanoTime() - lastPrune > Duration.ofMinutes(1).toNanos()) {
                    Instant horizon = Instant.now().minus(KEEP);
                    views.values().removeIf(v -> v.updatedAt().isBefore(horizon));
                    lastPrune = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("live view reader stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, LiveView> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
