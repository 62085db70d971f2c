package edu.attendance.stream.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import com.clickhouse.jdbc.ConnectionImpl;
import edu.attendance.contracts.JsonSerde;
import edu.attendance.contracts.Topic;
import edu.attendance.platform.clickhouse.ClickHouse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Moves committed records of one topic from Kafka into one ClickHouse table in batches (size or time,
 * whichever first), one insert per partition.
 * A batch's offset range is recorded in Kafka before its insert and its offsets are committed only after
 * ClickHouse accepted it; the insert carries a deduplication token made of that range ({@link Batches}).
 * A retry, or a replay after a crash, therefore inserts the very same batch with the very same token, and
 * ClickHouse drops the repeat in the table and in its materialized views: no row is lost or doubled.
 * While ClickHouse is down the sink waits and retries; Kafka keeps the records meanwhile.
 */
class ClickHouseSink<T> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseSink.class);
    private static final Duration INSERT_TIMEOUT = Duration.ofSeconds(60);

    private final ClickHouse clickHouse;
    private final String name;
    private final Topic<String, T> topic;
    private final String table;
    private final Function<T, Map<String, Object>> row;
    private final Map<String, Object> consumerConfig = new HashMap<>();
    private final int maxBatch;
    private final Duration maxDelay;
    private final MeterRegistry meters;
    private final Counter inserted;
    private final Counter failures;
    private final AtomicInteger buffered = new AtomicInteger();
    /** Records read and not yet in ClickHouse, per partition, in offset order (sink thread only). */
    private final Map<TopicPartition, List<ConsumerRecord<String, T>>> buffers = new HashMap<>();
    /** Partitions whose last batch was recorded but not confirmed: the offset that batch ends at. */
    private final Map<TopicPartition, Long> replayUntil = new HashMap<>();
    private int bufferedRecords;
    private long firstAt;
    private volatile KafkaConsumer<String, T> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    /**
     * The sink's place in its consumer group: a static id (or null) and how long it may be silent before its partitions
     * move ({@code attendance.stream.takeover}).
     */
    public record Membership(String instanceId, Duration takeover, Duration heartbeat) {
    }

    /** {@code row} maps a record to the table's columns (ClickHouse input formats: DateTime64 as text). */
    public ClickHouseSink(String name, Topic<String, T> topic, String table, Function<T, Map<String, Object>> row,
                          ClickHouse clickHouse, MeterRegistry meters, Map<String, Object> connection, int maxBatch, Duration maxDelay,
                          Membership membership) {
        this.name = name;
        this.topic = topic;
        this.table = table;
        this.row = row;
        this.clickHouse = clickHouse;
        this.maxBatch = maxBatch;
        this.maxDelay = maxDelay;
        this.meters = meters;
        this.inserted = Counter.builder("attendance.sink." + name + ".inserted").register(meters);
        this.failures = Counter.builder("attendance.sink." + name + ".failures")
                .description("failed ClickHouse inserts or Kafka commits, each retried").register(meters);
        meters.gauge("attendance.sink." + name + ".buffered", buffered);
        // spring.kafka's servers and security, then this sink's own settings
        consumerConfig.putAll(connection);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "attendance-clickhouse-sink-" + name);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
        // history may lag a moment: fetch once a batch's worth has gathered (or half the batch delay passed), not per record
        consumerConfig.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        consumerConfig.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) Math.max(1, maxDelay.toMillis() / 2));
        consumerConfig.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
        if (membership.instanceId() != null) {
            consumerConfig.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, membership.instanceId());
        }
        consumerConfig.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) membership.takeover().toMillis());
        consumerConfig.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) membership.heartbeat().toMillis());
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerConfig, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        new KafkaClientMetrics(consumer).bindTo(meters);
        running = true;
        thread = Thread.ofPlatform().name("clickhouse-sink-" + name).start(this::run);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    flush(true);
                    forget(partitions); // an unfinished replay stays pending in Kafka for the next owner
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    forget(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (partitions.isEmpty()) {
                        return;
                    }
                    consumer.committed(new HashSet<>(partitions)).forEach((tp, om) -> {
                        long until = Batches.pendingUntil(om);
                        if (until >= 0) {
                            replayUntil.put(tp, until);
                            log.info("ClickHouse sink {}: {} replays its unfinished batch up to offset {}", name, tp, until);
                        }
                    });
                }
            });
            while (running) {
                for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(50))) {
                    if (r.value() != null) {
                        if (bufferedRecords == 0) {
                            firstAt = System.nanoTime();
                        }
                        buffers.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>()).add(r);
                        bufferedRecords++;
                    }
                }
                buffered.set(bufferedRecords);
                boolean due = bufferedRecords >= maxBatch || (bufferedRecords > 0 && System.nanoTime() - firstAt >= maxDelay.toNanos());
                flush(due);
            }
            flush(true);
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("ClickHouse sink stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            List<ConsumerRecord<String, T>> dropped = buffers.remove(tp);
            bufferedRecords -= dropped == null ? 0 : dropped.size();
            replayUntil.remove(tp);
        }
    }

    /**
     * Writes what is ready, one insert per partition: a partition replaying an unfinished batch as soon as it
     * has read that batch's last record (whatever {@code due} says), every other buffered partition when
     * {@code due}. A new batch's range is first recorded in Kafka (the committed offset's metadata), so after a
     * crash the same records form the same batch with the same token, and ClickHouse drops the repeat — in
     * the table and in its materialized views.
     */
    private void flush(boolean due) {
        try {
            tryFlush(due);
        } catch (MembershipLost e) {
            log.warn("ClickHouse sink {}: group membership lost while flushing ({}); reading again from the committed offsets",
                    name, e.getCause().toString());
            rewind();
        }
    }

    /** Thrown out of a retry loop that cannot succeed until the consumer polls again. */
    private static final class MembershipLost extends RuntimeException {
        MembershipLost(Exception cause) {
            super(cause);
        }
    }

    /**
     * Forgets what is buffered and goes back to the committed offsets of the partitions still assigned — with
     * their unfinished batches to replay — so that nothing read but not committed is skipped.
     */
    private void rewind() {
        buffers.clear();
        replayUntil.clear();
        bufferedRecords = 0;
        buffered.set(0);
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata om = committed.get(tp);
            if (om == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, om.offset());
                long until = Batches.pendingUntil(om);
                if (until >= 0) {
                    replayUntil.put(tp, until);
                }
            }
        }
    }

    private void tryFlush(boolean due) {
        Map<TopicPartition, List<ConsumerRecord<String, T>>> ready = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> intents = new HashMap<>();
        buffers.forEach((tp, records) -> {
            if (records.isEmpty()) {
                return;
            }
            Long until = replayUntil.get(tp);
            if (until != null) {
                if (records.getLast().offset() >= until) {
                    ready.put(tp, records.stream().filter(r -> r.offset() <= until).toList());
                }
            } else if (due) {
                ready.put(tp, List.copyOf(records));
                intents.put(tp, Batches.pending(records.getFirst().offset(), records.getLast().offset()));
            }
        });
        if (ready.isEmpty()) {
            return;
        }
        if (!intents.isEmpty() && !untilDone(() -> consumer.commitSync(intents), "record the batch of", ready)) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (Map.Entry<TopicPartition, List<ConsumerRecord<String, T>>> e : ready.entrySet()) {
            List<ConsumerRecord<String, T>> batch = e.getValue();
            if (!untilDone(() -> insert(batch), "insert", ready)) {
                return; // stopping: uncommitted, replayed with the same token on the next start
            }
            done.put(e.getKey(), new OffsetAndMetadata(batch.getLast().offset() + 1));
        }
        if (!untilDone(() -> consumer.commitSync(done), "commit", ready)) {
            return;
        }
        for (Map.Entry<TopicPartition, List<ConsumerRecord<String, T>>> e : ready.entrySet()) {
            List<ConsumerRecord<String, T>> records = buffers.get(e.getKey());
            records.subList(0, e.getValue().size()).clear();
            bufferedRecords -= e.getValue().size();
            inserted.increment(e.getValue().size());
            replayUntil.remove(e.getKey());
        }
        if (bufferedRecords > 0) {
            firstAt = System.nanoTime();
        }
        buffered.set(bufferedRecords);
    }

    private interface Step {
        void run() throws SQLException;
    }

    /** Retries a step with backoff while ClickHouse or Kafka is away; false only when the sink is stopping. */
    private boolean untilDone(Step step, String what, Map<TopicPartition, List<ConsumerRecord<String, T>>> ready) {
        long backoff = 100;
        while (true) {
            try {
                step.run();
                return true;
            } catch (RuntimeException | SQLException e) {
                if (e instanceof WakeupException || !running) {
                    return false;
                }
                failures.increment();
                if (e instanceof CommitFailedException || e instanceof RebalanceInProgressException) {
                    // the group moved on: retrying cannot succeed without a poll, so give the buffered batches up
                    throw new MembershipLost(e);
                }
                log.warn("ClickHouse sink {}: {} {} records failed, retrying in {} ms: {}", name, what,
                        ready.values().stream().mapToInt(List::size).sum(), backoff, e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /**
     * One INSERT … FORMAT JSONEachRow through the driver's own client (the JDBC statement path would run
     * its SQL parser over every row of the batch — most of the sink's CPU in a profile).
     */
    private void insert(List<ConsumerRecord<String, T>> batch) throws SQLException {
        List<Map<String, Object>> rows = batch.stream().map(r -> row.apply(r.value())).toList();
        ByteArrayOutputStream data = new ByteArrayOutputStream(batch.size() * 300);
        for (Map<String, Object> r : rows) {
            JsonSerde.MAPPER.writeValue(data, r);
            data.write('\n');
        }
        ConsumerRecord<String, T> first = batch.getFirst();
        InsertSettings settings = new InsertSettings()
                .setDeduplicationToken(Batches.token(first.topic(), first.partition(), first.offset(), batch.getLast().offset()))
                .serverSetting("deduplicate_blocks_in_dependent_materialized_views", "1");
        if (clickHouse.clustered()) {
            // into the Distributed table: answered once every shard's replica has its part (and the token with it),
            // not when the rows sit in the receiving server's queue, so a committed offset means written
            settings.serverSetting("distributed_foreground_insert", "1");
        }
        try (Connection c = clickHouse.jdbc().getDataSource().getConnection()) {
            Client client = c.unwrap(ConnectionImpl.class).getClient();
            try (InsertResponse ignored = client.insert(clickHouse.database() + "." + table, List.copyOf(rows.getFirst().keySet()),
                    new ByteArrayInputStream(data.toByteArray()), ClickHouseFormat.JSONEachRow, settings)
                    .get(INSERT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                // accepted
            }
        } catch (ExecutionException e) {
            throw new SQLException("insert into " + table + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new SQLException("insert into " + table + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        } catch (Exception e) {
            if (e instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException("insert into " + table + " failed", e);
        }
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
