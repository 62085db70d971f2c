package edu.attendance.ingest.support;

import edu.attendance.contracts.Topics;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Whether this instance reaches Kafka: a write that timed out (no broker acknowledged it within the producer's delivery
 * timeout, or none could be found to send it to) while no broker answers a question of the instance's own means away;
 * an acknowledged write, or a broker answering again, means back.
 * While away, a capture would only wait out the same timeout to be refused, so the HTTP server refuses it at once
 * ({@code 503} with {@code Retry-After}: the phone sends it again, perhaps through another instance). No student's
 * capture is spent finding out whether Kafka is back: every {@link #PROBE_EVERY} the instance asks a broker about the
 * submissions topic itself, and admits captures again once one answers (their writes then say whether it holds).
 */
@Component
public class KafkaReach {

    private static final Logger log = LoggerFactory.getLogger(KafkaReach.class);
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    /** How long one probe asks, trying broker after broker. */
    static final Duration ASK_FOR = Duration.ofSeconds(3);

    /** Asks Kafka whether it answers this instance: true when a broker did within {@link #ASK_FOR}. */
    public interface Probe extends AutoCloseable {
        boolean answers() throws InterruptedException;

        @Override
        default void close() {
        }
    }

    private final Probe probe;
    private final LongSupplier nanos;
    private final boolean background;
    /** When the first timed-out write was seen ({@link #nanos} time), or {@link Long#MIN_VALUE} while Kafka is reached. */
    private volatile long awaySince = Long.MIN_VALUE;
    private final AtomicBoolean probing = new AtomicBoolean();

    @Autowired
    public KafkaReach(KafkaProperties kafka) {
        this(new AdminProbe(kafka), System::nanoTime, true);
    }

    /** For tests: probed only when {@link #probeOnce()} is called. */
    public KafkaReach(Probe probe, LongSupplier nanos) {
        this(probe, nanos, false);
    }

    private KafkaReach(Probe probe, LongSupplier nanos, boolean background) {
        this.probe = probe;
        this.nanos = nanos;
        this.background = background;
    }

    /**
     * A write failed: if it timed out, Kafka is asked whether it answers this instance at all — if not, the instance is
     * away from it. A write that timed out while a broker still answers is one partition's trouble (its leader gone,
     * another elected): captures to the others go on being admitted.
     */
    public void failed(Throwable e) {
        if (!timedOut(e) || awaySince != Long.MIN_VALUE) {
            return;
        }
        if (!background) {
            confirm();
        } else if (probing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("kafka-reach-probe").start(this::confirmAndWatch);
        }
    }

    /** After a timed-out write: away when no broker answers now. */
    void confirm() {
        try {
            if (!probe.answers()) {
                away();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void away() {
        if (awaySince == Long.MIN_VALUE) {
            awaySince = nanos.getAsLong();
            log.warn("Kafka did not acknowledge a write in time and no broker answers: captures are refused at once (503) "
                    + "until one does (asked every {} s)", PROBE_EVERY.toSeconds());
        }
    }

    /** A write was acknowledged: Kafka is reached. */
    public void succeeded() {
        if (awaySince != Long.MIN_VALUE) {
            back("a write was acknowledged");
        }
    }

    /** Whether a capture arriving now is to be refused at once (this instance is away from Kafka). */
    public boolean refuseNow() {
        return awaySince != Long.MIN_VALUE;
    }

    /** One probe: if Kafka answers, captures are admitted again. */
    void probeOnce() throws InterruptedException {
        if (awaySince != Long.MIN_VALUE && probe.answers()) {
            back("a broker answered");
        }
    }

    private synchronized void back(String how) {
        long since = awaySince;
        if (since != Long.MIN_VALUE) {
            awaySince = Long.MIN_VALUE;
            log.info("Kafka reached again after {} ms ({}): captures are admitted", (nanos.getAsLong() - since) / 1_000_000, how);
        }
    }

    private void confirmAndWatch() {
        try {
            confirm();
            while (awaySince != Long.MIN_VALUE) {
                long started = nanos.getAsLong();
                probeOnce();
                long left = PROBE_EVERY.toNanos() - (nanos.getAsLong() - started);
                if (awaySince != Long.MIN_VALUE && left > 0) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            probing.set(false);
        }
    }

    @PreDestroy
    void close() {
        awaySince = Long.MIN_VALUE;
        probe.close();
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Describes the submissions topic (its leaders) through an admin client made on the first probe, with this service's
     * own Kafka settings (servers, TLS, sign-in); describing a topic needs no right the producer lacks.
     */
    private static final class AdminProbe implements Probe {
        private final KafkaProperties kafka;
        private Admin admin;

        AdminProbe(KafkaProperties kafka) {
            this.kafka = kafka;
        }

        @Override
        public synchronized boolean answers() throws InterruptedException {
            if (admin == null) {
                Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties());
                config.put(AdminClientConfig.CLIENT_ID_CONFIG, "attendance-ingest-reach");
                // a broker that does not answer within a second is passed over for the next, three seconds in all
                config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_EVERY.toMillis());
                config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ASK_FOR.toMillis());
                admin = Admin.create(config);
            }
            try {
                admin.describeTopics(List.of(Topics.SUBMISSIONS.name()), new DescribeTopicsOptions().timeoutMs((int) ASK_FOR.toMillis()))
                        .allTopicNames().get(ASK_FOR.toMillis() + 500, TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return false;
            }
        }

        @Override
        public synchronized void close() {
            if (admin != null) {
                admin.close(Duration.ofSeconds(1));
            }
        }
    }
}
