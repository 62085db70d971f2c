package edu.attendance.stream.sink;

import edu.attendance.contracts.JsonSerde;
import edu.attendance.platform.clickhouse.ClickHouse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Moves committed records of one topic from Kafka into one ClickHouse table in batches (size or time,
 * whichever first).
 * Offsets are committed only after ClickHouse accepted the batch; a failed insert is retried with the
 * same deduplication token (topic, partition and offset range), so a retry never doubles a row, and a
 * replay after a crash is collapsed by the table's ReplacingMergeTree on (session, student, version).
 * While ClickHouse is down the sink waits and retries; Kafka keeps the decisions meanwhile.
 */
public class ClickHouseSink<T> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseSink.class);

    private final ClickHouse clickHouse;
    private final String name;
    private final String topic;
    private final Class<T> type;
    private final String table;
    private final Function<T, Map<String, Object>> row;
    private final Map<String, Object> consumerConfig = new HashMap<>();
    private final int maxBatch;
    private final Duration maxDelay;
    private final MeterRegistry meters;
    private final Counter inserted;
    private final AtomicInteger buffered = new AtomicInteger();
    private volatile KafkaConsumer<String, T> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    /** {@code row} maps a record to the table's columns (ClickHouse input formats: DateTime64 as text). */
    public ClickHouseSink(String name, String topic, Class<T> type, String table, Function<T, Map<String, Object>> row,
                          ClickHouse clickHouse, MeterRegistry meters, String bootstrap, int maxBatch, Duration maxDelay) {
        this.name = name;
        this.topic = topic;
        this.type = type;
        this.table = table;
        this.row = row;
        this.clickHouse = clickHouse;
        this.maxBatch = maxBatch;
        this.maxDelay = maxDelay;
        this.meters = meters;
        this.inserted = Counter.builder("attendance.sink." + name + ".inserted").register(meters);
        meters.gauge("attendance.sink." + name + ".buffered", buffered);
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "attendance-clickhouse-sink-" + name);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
        consumerConfig.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), JsonSerde.of(type));
        new KafkaClientMetrics(consumer).bindTo(meters);
        running = true;
        thread = Thread.ofPlatform().name("clickhouse-sink-" + name).start(this::run);
    }

    private void run() {
        List<ConsumerRecord<String, T>> batch = new ArrayList<>();
        long firstAt = 0;
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    flushUntilDone(batch);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            while (running) {
                for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(50))) {
                    if (r.value() != null) {
                        if (batch.isEmpty()) {
                            firstAt = System.nanoTime();
                        }
                        batch.add(r);
                    }
                }
                buffered.set(batch.size());
                if (!batch.isEmpty() && (batch.size() >= maxBatch || System.nanoTime() - firstAt >= maxDelay.toNanos())) {
                    flushUntilDone(batch);
                }
            }
            flushUntilDone(batch);
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("ClickHouse sink stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void flushUntilDone(List<ConsumerRecord<String, T>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long backoff = 100;
        while (true) {
            try {
                insert(batch);
                consumer.commitSync(offsets(batch));
                inserted.increment(batch.size());
                batch.clear();
                buffered.set(0);
                return;
            } catch (RuntimeException | java.sql.SQLException e) {
                if (!running) {
                    return; // offsets not committed: the next start replays this batch
                }
                log.warn("ClickHouse insert of {} {} failed, retrying in {} ms: {}", batch.size(), name, backoff, e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void insert(List<ConsumerRecord<String, T>> batch) throws java.sql.SQLException {
        StringBuilder sql = new StringBuilder(256 + batch.size() * 300);
        List<Map<String, Object>> rows = batch.stream().map(r -> row.apply(r.value())).toList();
        sql.append("INSERT INTO ").append(clickHouse.database()).append('.').append(table).append(" (")
                .append(String.join(", ", rows.getFirst().keySet()))
                .append(") SETTINGS insert_deduplication_token = '").append(token(batch)).append("' FORMAT JSONEachRow\n");
        for (Map<String, Object> r : rows) {
            sql.append(JsonSerde.MAPPER.writeValueAsString(r)).append('\n');
        }
        try (Connection c = clickHouse.jdbc().getDataSource().getConnection(); Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            s.execute(sql.toString());
        }
    }

    /** Identifies a batch by its offset ranges, so that a retry of the same batch is deduplicated. */
    private static <T> String token(List<ConsumerRecord<String, T>> batch) {
        Map<TopicPartition, long[]> ranges = new java.util.TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        for (ConsumerRecord<String, T> r : batch) {
            long[] range = ranges.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new long[]{Long.MAX_VALUE, -1});
            range[0] = Math.min(range[0], r.offset());
            range[1] = Math.max(range[1], r.offset());
        }
        StringBuilder sb = new StringBuilder(batch.getFirst().topic());
        ranges.forEach((tp, range) -> sb.append(':').append(tp.partition()).append('-').append(range[0]).append('-').append(range[1]));
        return sb.toString();
    }

    private static <T> Map<TopicPartition, OffsetAndMetadata> offsets(List<ConsumerRecord<String, T>> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, T> r : batch) {
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    @Override
    public void stop() {
        long t0 = System.nanoTime();
        running = false;
        KafkaConsumer<String, T> c = consumer;
        Thread t = thread;
        if (c != null && t != null) {
            try {
                t.join(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
        log.info("ClickHouse sink {} stopped in {} ms", name, (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
