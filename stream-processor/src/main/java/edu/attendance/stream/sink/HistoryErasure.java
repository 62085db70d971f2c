package edu.attendance.stream.sink;

import edu.attendance.contracts.StudentsErased;
import edu.attendance.contracts.Topics;
import edu.attendance.platform.clickhouse.ClickHouse;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Removes erased students' rows from the history ({@link StudentsErased}, one consumer group for all instances): decisions,
 * the per-student rollups (daily and monthly; the per-session one names nobody), raw submissions and the alerts that
 * name them, matched by the SHA-256 of the e-mail, each as a ClickHouse mutation waited for ({@code mutations_sync}) before the event's offset is committed — a crash repeats it, which
 * removes nothing more. Runs where the history sinks run.
 */
@Component
@ConditionalOnProperty(name = "attendance.stream.enabled", havingValue = "true", matchIfMissing = true)
class HistoryErasure implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HistoryErasure.class);
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Duration BACKOFF = Duration.ofSeconds(5);

    private final ClickHouse clickHouse;
    private final KafkaConsumer<String, StudentsErased> consumer;
    private final Thread thread;
    private volatile boolean running;

    HistoryErasure(HistorySchema schema, ClickHouse clickHouse, KafkaProperties kafka) {
        this.clickHouse = clickHouse;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                ConsumerConfig.GROUP_ID_CONFIG, "attendance-history-erasure", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 3_600_000),
                Topics.ERASURES.keySerde().deserializer(), Topics.ERASURES.valueSerde().deserializer());
        this.thread = Thread.ofPlatform().name("history-erasure").daemon().unstarted(this::run);
    }

    /** The statements that remove these students from the history (their hashes checked: nothing else reaches SQL). */
    static List<String> statements(ClickHouse ch, StudentsErased erased) {
        for (String h : erased.emailHashes()) {
            if (!HASH.matcher(h).matches()) {
                throw new IllegalArgumentException("not an e-mail hash: " + h);
            }
        }
        String in = erased.emailHashes().stream().map(h -> "'" + h + "'").collect(Collectors.joining(",", "(", ")"));
        String onCluster = ch.clustered() ? " ON CLUSTER '" + ch.cluster() + "'" : "";
        String suffix = ch.clustered() ? "_local" : "";
        String byStudent = " DELETE WHERE lower(hex(SHA256(student_email))) IN " + in + " SETTINGS mutations_sync = 2";
        return List.of(
                "ALTER TABLE " + ch.database() + ".decisions" + suffix + onCluster + byStudent,
                "ALTER TABLE " + ch.database() + ".student_subject_daily" + suffix + onCluster + byStudent,
                "ALTER TABLE " + ch.database() + ".student_subject_monthly" + suffix + onCluster + byStudent,
                "ALTER TABLE " + ch.database() + ".submissions" + suffix + onCluster + byStudent,
                "ALTER TABLE " + ch.database() + ".alerts" + suffix + onCluster
                        + " DELETE WHERE arrayExists(s -> lower(hex(SHA256(s))) IN " + in + ", students) SETTINGS mutations_sync = 2");
    }

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
            log.error("history erasure stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private boolean eraseUntilDone(StudentsErased erased) {
        while (running) {
            try {
                for (String sql : statements(clickHouse, erased)) {
                    clickHouse.jdbc().execute(sql);
                }
                log.info("erasure {}: {} students removed from the history", erased.erasureId(), erased.emailHashes().size());
                return true;
            } catch (RuntimeException e) {
                log.warn("erasure {} not done yet ({}); again in {}", erased.erasureId(), e.toString(), BACKOFF);
                try {
                    Thread.sleep(BACKOFF); // waiting for ClickHouse to come back, not synchronising anything
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
