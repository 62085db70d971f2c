package edu.attendance.dashboard.push;

import edu.attendance.contracts.JsonSerde;
import edu.attendance.contracts.LiveView;
import edu.attendance.contracts.SessionEvent;
import edu.attendance.contracts.SessionOpened;
import edu.attendance.contracts.Topics;
import edu.attendance.dashboard.live.LiveViews;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real-time notices (SPEC rule 9): when a session opens, every enrolled student with an open app hears of
 * it over the WebSocket (closed apps go to the push port); each change of a live view reaches the
 * teacher's open screens. Every dashboard instance reads all session events (no consumer group) from the
 * moment it starts, so it can serve whichever sockets are connected to it.
 */
@Component
public class SessionNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionNotifications.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PushHub hub;
    private final LiveViews liveViews;
    private final PushNotifier push;
    private final Map<String, Object> config;
    private volatile KafkaConsumer<String, SessionEvent> consumer;
    private volatile boolean running;
    private Thread thread;
    private Disposable liveSubscription;

    public SessionNotifications(PushHub hub, LiveViews liveViews, PushNotifier push,
                                @Value("${spring.kafka.bootstrap-servers}") String bootstrap) {
        this.hub = hub;
        this.liveViews = liveViews;
        this.push = push;
        this.config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), JsonSerde.of(SessionEvent.class));
        running = true;
        liveSubscription = liveViews.allChanges().subscribe(this::toTeacher);
        thread = Thread.ofPlatform().name("session-notifications").daemon().start(this::run);
    }

    private void toTeacher(LiveView v) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("type", "live");
        msg.put("sessionId", v.sessionId());
        msg.put("status", v.status());
        msg.put("counts", v.counts());
        hub.send(v.teacherEmail(), JSON.writeValueAsString(msg));
    }

    private void run() {
        try {
            List<TopicPartition> partitions = List.of();
            while (running && partitions.isEmpty()) {
                List<PartitionInfo> infos = consumer.partitionsFor(Topics.SESSION_EVENTS, Duration.ofSeconds(5));
                partitions = infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (running) {
                for (ConsumerRecord<String, SessionEvent> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() instanceof SessionOpened opened) {
                        announce(opened);
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("session notifications stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void announce(SessionOpened o) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("type", "session-opened");
        msg.put("sessionId", o.sessionId());
        msg.put("subjectId", o.subjectId());
        msg.put("mode", o.mode());
        msg.put("lateAt", o.lateAt().toString());
        msg.put("closesAt", o.closesAt().toString());
        String text = JSON.writeValueAsString(msg);
        for (SessionOpened.RosterEntry student : o.roster()) {
            if (!hub.send(student.email(), text)) {
                push.notify(student.email(), msg);
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        if (liveSubscription != null) {
            liveSubscription.dispose();
        }
        KafkaConsumer<String, SessionEvent> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
