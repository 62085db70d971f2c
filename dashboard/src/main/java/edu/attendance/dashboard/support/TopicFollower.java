package edu.attendance.dashboard.support;

import edu.attendance.contracts.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads every partition of one topic in this instance (no consumer group: each dashboard instance sees
 * everything, so it can serve whichever screens and sockets are connected to it), from the beginning or
 * from now on, handing each committed record to {@code handler} on its own thread.
 */
public final class TopicFollower<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    private final KafkaConsumer<String, T> consumer;
    private final String topic;
    private final boolean fromBeginning;
    private final Consumer<ConsumerRecord<String, T>> handler;
    private final Runnable afterPoll;
    private final Thread thread;
    private volatile boolean running = true;

    /** {@code connection}: the servers and security every client of the service uses (spring.kafka's). */
    public TopicFollower(String name, Map<String, Object> connection, Topic<String, T> topic, boolean fromBeginning,
                         Consumer<ConsumerRecord<String, T>> handler, Runnable afterPoll) {
        Map<String, Object> config = new HashMap<>(connection);
        config.putAll(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // a screen may be a tenth of a second behind: one fetch per 100 ms at most, not one per record written
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100));
        this.consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        this.topic = topic.name();
        this.fromBeginning = fromBeginning;
        this.handler = handler;
        this.afterPoll = afterPoll;
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    public TopicFollower<T> start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = List.of();
            while (running && partitions.isEmpty()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                partitions = infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            while (running) {
                for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(100))) {
                    handler.accept(r);
                }
                afterPoll.run();
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("reading {} stopped", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
