package edu.attendance.ingest.session;

import edu.attendance.contracts.Topic;
import edu.attendance.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Who is already marked in the sessions still taking submissions is kept in memory ({@link OpenSession#mark}); after a
 * restart that memory is empty, and a student decided before it who sent a new submission was told 202 ACCEPTED
 * instead of 409 ALREADY_MARKED. Before the web server opens, this reads back what the log holds for those sessions —
 * accepted submissions and manual marks since the earliest session's start, only the partitions their keys land on —
 * and marks each student again. Runs once per start; a Kafka that does not answer within 20 s leaves the sets as
 * they are (the stream processor's single-decision rule still guards the outcome) and says so in the log.
 */
@Component
class MarkedOnStart implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MarkedOnStart.class);
    /** Sessions closed this long ago may still take offline syncs and manual marks; older ones take no capture. */
    private static final Duration RECENT = Duration.ofHours(6);
    /** For both topics together: a start with Kafka away is delayed this much at most (capture then answers 503 anyway). */
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final JdbcClient jdbc;
    private final Sessions sessions;
    private final KafkaProperties kafka;
    private final Clock clock;
    private volatile boolean running;

    MarkedOnStart(JdbcClient jdbc, Sessions sessions, KafkaProperties kafka, Clock clock) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.kafka = kafka;
        this.clock = clock;
    }

    @Override
    public void start() {
        running = true;
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        Map<String, Instant> started = new HashMap<>();
        jdbc.sql("SELECT session_id, started_at FROM sessions WHERE closed_at IS NULL OR closed_at > ?")
                .param(Timestamp.from(now.minus(RECENT)))
                .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class).toString(), rs.getTimestamp(2).toInstant()))
                .list().forEach(e -> started.put(e.getKey(), e.getValue()));
        if (started.isEmpty()) {
            return;
        }
        Map<String, OpenSession> open = new HashMap<>();
        started.keySet().forEach(id -> sessions.find(UUID.fromString(id)).ifPresent(s -> open.put(id, s)));
        Instant from = started.values().stream().min(Instant::compareTo).orElse(now).minus(Duration.ofMinutes(5));
        long[] marked = new long[1];
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        replay(Topics.SUBMISSIONS, open, from, deadline, (s, r) -> marked[0] += s.mark(r.studentEmail()) ? 1 : 0);
        replay(Topics.MANUAL_MARKS, open, from, deadline, (s, r) -> marked[0] += s.mark(r.studentEmail()) ? 1 : 0);
        log.info("marked again after the start: {} students in {} sessions, from the log since {} ({} ms)",
                marked[0], open.size(), from, (System.nanoTime() - t0) / 1_000_000);
    }

    private <V> void replay(Topic<String, V> topic, Map<String, OpenSession> open, Instant from, long deadline,
                            BiConsumer<OpenSession, V> mark) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.putAll(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000));
        Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic.name(), left);
            int count = partitions.size();
            // only the partitions the open sessions' keys are written to (the producer's own choice for a key)
            List<TopicPartition> wanted = open.keySet().stream()
                    // the default partitioner's choice for a keyed record: murmur2 of the key's bytes
                    .map(id -> Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % count)
                    .distinct().map(p -> new TopicPartition(topic.name(), p)).toList();
            consumer.assign(wanted);
            Map<TopicPartition, Long> query = new HashMap<>();
            wanted.forEach(tp -> query.put(tp, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, left);
            Map<TopicPartition, Long> ends = consumer.endOffsets(wanted, left);
            for (TopicPartition tp : wanted) {
                OffsetAndTimestamp start = starts.get(tp);
                consumer.seek(tp, start == null ? ends.get(tp) : start.offset());
            }
            while (wanted.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    log.warn("could not read {} back to its end within {}: some students marked before the start may be "
                            + "told ACCEPTED for a second submission (the decision stays single)", topic, PATIENCE);
                    return;
                }
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(500))) {
                    Optional.ofNullable(open.get(r.key())).ifPresent(s -> mark.accept(s, r.value()));
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not read {} back after the start ({}): students marked before it may be told ACCEPTED for a "
                    + "second submission (the decision stays single)", topic, e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the topics are served ({@code TopicsServed}), before the web server takes requests. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 2000;
    }
}
