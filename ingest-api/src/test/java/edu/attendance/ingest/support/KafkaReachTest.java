package edu.attendance.ingest.support;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** When an instance counts itself away from Kafka, and how it finds out Kafka is back without spending a capture on it. */
class KafkaReachTest {

    private final AtomicBoolean brokerAnswers = new AtomicBoolean();
    private final AtomicInteger asked = new AtomicInteger();
    private final KafkaReach reach = new KafkaReach(() -> {
        asked.incrementAndGet();
        return brokerAnswers.get();
    }, System::nanoTime);

    private static final Throwable EXPIRED = new CompletionException(new org.springframework.kafka.KafkaException("send failed",
            new TimeoutException("Expiring 3 record(s) for attendance.submissions-1: 10002 ms has passed since batch creation")));

    @Test
    void aWriteThatTimedOutWhileABrokerStillAnswersIsOnePartitionsTroubleNotTheInstances() {
        brokerAnswers.set(true);
        reach.failed(EXPIRED);
        assertThat(asked).as("Kafka asked once").hasValue(1);
        assertThat(reach.refuseNow()).isFalse();
    }

    @Test
    void reachedUntilAWriteTimesOutAndNoBrokerAnswers() {
        assertThat(reach.refuseNow()).isFalse();
        reach.failed(new ExecutionException(new RecordTooLargeException("too large")));
        assertThat(reach.refuseNow()).as("a write Kafka refused is not Kafka out of reach").isFalse();
        assertThat(asked).as("not even asked").hasValue(0);
        reach.failed(EXPIRED);
        assertThat(reach.refuseNow()).isTrue();
        assertThat(reach.refuseNow()).as("every capture, none let through to find out").isTrue();
    }

    @Test
    void admittedAgainOnceABrokerAnswersTheProbe() throws InterruptedException {
        reach.failed(EXPIRED);
        reach.probeOnce();
        assertThat(reach.refuseNow()).as("no answer yet").isTrue();
        brokerAnswers.set(true);
        reach.probeOnce();
        assertThat(reach.refuseNow()).isFalse();
        assertThat(asked).as("when the write failed, then twice").hasValue(3);
        reach.probeOnce();
        assertThat(asked).as("not asked while reached").hasValue(3);
    }

    @Test
    void anAcknowledgedWriteEndsItAndTheNextTimeoutStartsItAgain() {
        reach.failed(EXPIRED);
        reach.succeeded();
        assertThat(reach.refuseNow()).isFalse();
        reach.failed(EXPIRED);
        assertThat(reach.refuseNow()).isTrue();
    }
}
