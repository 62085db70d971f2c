package edu.attendance.platform.kafka;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Before anything produces or consumes (the first thing started), waits until every partition of the platform's topics
 * is served by its leader: a partition just created is in the metadata a moment before its leader answers, and the
 * first writes of a fresh start (the demo college's history, seen in CI) got NOT_LEADER_OR_FOLLOWER and then an
 * idempotent producer stuck on out-of-order sequences until its delivery timeout. A leader answering a list-offsets
 * request is the proof. Gives up after a minute with a warning (then the clients' own retries take over).
 */
final class TopicsServed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicsServed.class);
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    private final KafkaAdmin admin;
    private final List<String> topics;
    private volatile boolean running;

    /** {@code admin} null: nothing to wait for. */
    TopicsServed(KafkaAdmin admin, List<String> topics) {
        this.admin = admin;
        this.topics = topics;
    }

    @Override
    public void start() {
        running = true;
        if (admin == null) {
            return;
        }
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            while (true) {
                try {
                    Map<TopicPartition, OffsetSpec> all = new HashMap<>();
                    for (TopicDescription d : client.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                        d.partitions().forEach(p -> all.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
                    }
                    client.listOffsets(all).all().get(10, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException | TimeoutException notYet) {
                    if (System.nanoTime() > deadline) {
                        log.warn("not every partition of the platform's topics is served after {}: {}", PATIENCE, notYet.toString());
                        break;
                    }
                    Thread.sleep(200); // retrying the broker, not synchronising a test
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** First of all the application's lifecycles: before the stream, the listeners and the web server. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
