package edu.attendance.dashboard.live;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest live view of every recent session, read from the compacted live topic by every dashboard instance (no
 * consumer group: each instance holds all views; sessions older than a day drop out). The topic carries snapshots
 * and, after each, the changes built on it in order ({@link LiveView#isChange()}); this keeps each session's whole
 * view, applies each change to it (one naming an older snapshot is skipped: a change key compaction kept from
 * before the snapshot this instance holds), and offers every new view as a stream for SSE subscribers and the push
 * notices.
 */
@Component
public class LiveViews implements SmartLifecycle {

    private static final Duration KEEP = Duration.ofHours(24);

    /** A session's whole view, the snapshot it was built on and where each student sits in its roster. */
    private record Held(Update last, Instant base, Map<String, Integer> index) {
        LiveView view() {
            return last.view();
        }
    }

    /**
     * A session's view after a record of the live topic, with the students that record named (all of them for a
     * snapshot): a reader that only cares about changes walks these, not the roster. {@code after}: the seq of the
     * session's update this one was built on (-1 after a snapshot): a reader that was handed that one needs only
     * {@code named}.
     */
    public record Update(LiveView view, List<LiveView.Student> named, long seq, long after) {
        public Update(LiveView view, List<LiveView.Student> named, long seq) {
            this(view, named, seq, -1);
        }
    }

    private final Map<String, Held> views = new ConcurrentHashMap<>();
    private final Sinks.Many<Update> updates = Sinks.many().multicast().directBestEffort();
    /**
     * Each session's own stream of updates, for its screens: with one stream for all, every update was offered to every
     * screen of every session to be filtered out — at a top of the hour with 600 teachers' screens that was most of this
     * thread's time. Made on a screen's first subscription; dropped with the session's view when it ages out.
     */
    private final Map<String, Sinks.Many<Update>> bySession = new ConcurrentHashMap<>();
    /** spring.kafka's servers and security: an authenticated cluster needs nothing more here. */
    private final Map<String, Object> connection;
    private volatile TopicFollower<LiveView> follower;
    private long lastPrune = System.nanoTime();
    /** Orders the updates (written by the follower's one thread): a subscriber keeps the newest of what it was handed. */
    private volatile long seq;

    public LiveViews(KafkaProperties kafka) {
        this.connection = kafka.buildConsumerProperties();
    }

    public Optional<LiveView> get(String sessionId) {
        return Optional.ofNullable(views.get(sessionId)).map(Held::view);
    }

    /** The session's last update (its view as it stands). */
    public Optional<Update> latest(String sessionId) {
        return Optional.ofNullable(views.get(sessionId)).map(Held::last);
    }

    public Flux<Update> allUpdates() {
        return updates.asFlux();
    }

    /** Every new update of the session from now on (a slow subscriber may miss some: each view is whole). */
    public Flux<Update> changes(String sessionId) {
        return Flux.defer(() -> bySession.computeIfAbsent(sessionId, s -> Sinks.many().multicast().directBestEffort()).asFlux());
    }

    @Override
    public void start() {
        follower = new TopicFollower<>("live-views", connection, Topics.LIVE, true, r -> accept(r.key(), r.value()), this::prune).start();
    }

    /** One record of the live topic, in the topic's order (one thread). */
    void accept(String key, LiveView record) {
        String sessionId = LiveView.sessionOf(key);
        if (record == null) {
            if (sessionId.equals(key)) {
                views.remove(sessionId);
            }
            return;
        }
        Held held;
        if (!record.isChange()) {
            Map<String, Integer> index = new HashMap<>(record.students().size() * 2);
            for (int i = 0; i < record.students().size(); i++) {
                index.put(record.students().get(i).email(), i);
            }
            held = new Held(new Update(record, record.students(), ++seq), record.updatedAt(), index);
        } else {
            Held before = views.get(sessionId);
            if (before == null || !record.base().equals(before.base())) {
                return; // a change to a snapshot this instance does not hold (compacted away, or superseded): the next snapshot heals it
            }
            List<LiveView.Student> students = new ArrayList<>(before.view().students());
            for (LiveView.Student s : record.students()) {
                Integer i = before.index().get(s.email());
                if (i != null) {
                    students.set(i, s);
                }
            }
            LiveView v = before.view();
            held = new Held(new Update(new LiveView(v.sessionId(), v.teacherEmail(), v.subjectId(), v.classId(), record.status(),
                    record.counts(), List.copyOf(students), v.alerts(), record.updatedAt()), record.students(), ++seq, before.last().seq()), before.base(), before.index());
        }
        views.put(sessionId, held);
        updates.tryEmitNext(held.last());
        Sinks.Many<Update> screens = bySession.get(sessionId);
        if (screens != null) {
            screens.tryEmitNext(held.last());
        }
    }

    private void prune() {
        if (System.nanoTime() - lastPrune > Duration.ofMinutes(1).toNanos()) {
            Instant horizon = Instant.now().minus(KEEP);
            views.values().removeIf(h -> h.view().updatedAt().isBefore(horizon));
            // a session whose view aged out and that no screen follows any more
            bySession.entrySet().removeIf(e -> !views.containsKey(e.getKey()) && e.getValue().currentSubscriberCount() == 0);
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
