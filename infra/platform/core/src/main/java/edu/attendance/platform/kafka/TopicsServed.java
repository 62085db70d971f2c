package edu.attendance.platform.kafka;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Before anything produces or consumes (the first thing started), creates the topics that are missing — an existing
 * topic keeps its partition count whatever this instance is configured with (a different count is logged): Kafka
 * places a key by the count, and each session's state lives with the partition its key had when it opened — then
 * waits until every partition of the platform's topics is served by its leader: a partition just created is in the metadata a moment before its leader answers, and the
 * first writes of a fresh start (the demo college's history, seen in CI) got NOT_LEADER_OR_FOLLOWER and then an
 * idempotent producer stuck on out-of-order sequences until its delivery timeout. A leader answering a list-offsets
 * request is the proof. Gives up after a minute with a warning (then the clients' own retries take over).
 */
final class TopicsServed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicsServed.class);
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    private final KafkaAdmin admin;
    private final List<NewTopic> topics;
    private volatile boolean running;

    /** {@code admin} null: nothing to create or wait for. */
    TopicsServed(KafkaAdmin admin, List<NewTopic> topics) {
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
        List<String> names = topics.stream().map(NewTopic::name).toList();
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            createMissing(client, deadline);
            while (true) {
                try {
                    Map<TopicPartition, OffsetSpec> all = new HashMap<>();
                    for (TopicDescription d : client.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
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

    /**
     * Creates each topic that does not exist (another instance starting at the same moment may win the race: that is
     * fine) and says so where an existing one has another partition count than configured. Fails the start if the
     * broker cannot be asked within the patience: nothing would work without the topics.
     */
    private void createMissing(AdminClient client, long deadline) throws InterruptedException {
        while (true) {
            try {
                Set<String> existing = client.listTopics().names().get(10, TimeUnit.SECONDS);
                List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
                for (var created : client.createTopics(missing).values().entrySet()) {
                    try {
                        created.getValue().get(10, TimeUnit.SECONDS);
                        log.info("created topic {}", created.getKey());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
                Map<String, TopicDescription> described = client.describeTopics(topics.stream().map(NewTopic::name).toList())
                        .allTopicNames().get(10, TimeUnit.SECONDS);
                for (NewTopic t : topics) {
                    int has = described.get(t.name()).partitions().size();
                    if (has != t.numPartitions()) {
                        log.warn("topic {} has {} partitions and keeps them (attendance.kafka.partitions={} applies to topics "
                                + "created from now on; see docs/operations.md before changing a count)", t.name(), has, t.numPartitions());
                    }
                }
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not create the platform's topics within " + PATIENCE, e);
                }
                Thread.sleep(200); // retrying the broker, not synchronising a test
            }
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
