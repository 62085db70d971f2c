package edu.attendance.systemtests.decisions;

import edu.attendance.systemtests.TestStack;

import edu.attendance.contracts.SessionClosed;
import edu.attendance.contracts.Topics;
import edu.attendance.ingest.support.Outbox;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The outbox's promise on the real PostgreSQL and Kafka: an event exists in Kafka exactly when the transaction that
 * wrote it committed — a rolled-back change sends nothing, a committed one is sent once, in order.
 */
class OutboxIT {

    @Test
    void aRolledBackChangeSendsNothingACommittedOneIsSentOnceInOrder() {
        var context = TestStack.get().context();
        Outbox outbox = context.getBean(Outbox.class);
        TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        String key = UUID.randomUUID().toString();
        Instant t = Instant.parse("2026-12-01T10:00:00Z");

        assertThatThrownBy(() -> outbox.append(Topics.SESSION_EVENTS, key, new SessionClosed(key, t, "no transaction")))
                .isInstanceOf(IllegalStateException.class);
        // the commit fails after the event was written (as a failed COMMIT would): nothing is left to send
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            outbox.append(Topics.SESSION_EVENTS, key, new SessionClosed(key, t, "rolled back"));
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");
        tx.executeWithoutResult(s -> {
            outbox.append(Topics.SESSION_EVENTS, key, new SessionClosed(key, t.plusSeconds(1), "first"));
            outbox.append(Topics.SESSION_EVENTS, key, new SessionClosed(key, t.plusSeconds(2), "second"));
        });
        outbox.drain();

        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + key, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.SESSION_EVENTS.name()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        seen.add(r.value());
                    }
                }
                assertThat(seen).hasSize(2);
            });
            // nothing else arrives for the key, and nothing is left pending
            for (int i = 0; i < 5; i++) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        seen.add(r.value());
                    }
                });
            }
        }
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).contains("\"first\"");
        assertThat(seen.get(1)).contains("\"second\"");
        assertThat(seen).noneMatch(v -> v.contains("rolled back"));
        assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM outbox WHERE event_key = ?", Long.class, key))
                .isZero();
    }
}
