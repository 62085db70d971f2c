package edu.attendance.dashboard.live;

import edu.attendance.contracts.JsonSerde;
import edu.attendance.contracts.LiveView;
import edu.attendance.contracts.Topics;
import edu.attendance.dashboard.support.TopicFollower;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest live view of every recent session, read from the compacted live topic by every dashboard
 * instance (no consumer group: each instance holds all views; sessions older than a day drop out).
 * Changes are also offered as a stream for SSE subscribers.
 */
@Component
public class LiveViews implements SmartLifecycle {

    private static final Duration KEEP = Duration.ofHours(24);

    private final Map<String, LiveView> views = new ConcurrentHashMap<>();
    private final Sinks.Many<LiveView> changes = Sinks.many().multicast().directBestEffort();
    private final String bootstrap;
    private volatile TopicFollower<LiveView> follower;
    private long lastPrune = System.nanoTime();

    public LiveViews(KafkaProperties kafka) {
        this.bootstrap = String.join(",", kafka.getBootstrapServers());
    }

    public Optional<LiveView> get(String sessionId) {
        return Optional.ofNullable(views.get(sessionId));
    }

    public Flux<LiveView> allChanges() {
        return changes.asFlux();
    }

    public Flux<LiveView> changes(String sessionId) {
        return changes.asFlux().filter(v -> v.sessionId().equals(sessionId));
    }

    @Override
    public void start() {
        follower = new TopicFollower<>("live-views", bootstrap, Topics.LIVE, true, r -> {
            if (r.value() == null) {
                views.remove(r.key());
            } else {
                views.put(r.key(), r.value());
                changes.tryEmitNext(r.value());
            }
        }, this::prune).start();
    }

    private void prune() {
        if (System.nanoTime() - lastPrune > Duration.ofMinutes(1).toNanos()) {
            Instant horizon = Instant.now().minus(KEEP);
            views.values().removeIf(v -> v.updatedAt().isBefore(horizon));
            lastPrune = System.nanoTime();
        }
    }

    @Override
    public void stop() {
        TopicFollower<LiveView> f = follower;
        if (f != null) {
            f.close();
            follower = null;
        }
    }

    @Override
    public boolean isRunning() {
        return follower != null;
    }
}
