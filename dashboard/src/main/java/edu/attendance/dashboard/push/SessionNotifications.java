package edu.attendance.dashboard.push;

import edu.attendance.contracts.JsonSerde;
import edu.attendance.contracts.LiveView;
import edu.attendance.contracts.SessionEvent;
import edu.attendance.contracts.SessionOpened;
import edu.attendance.contracts.Topics;
import edu.attendance.dashboard.live.LiveViews;
import edu.attendance.dashboard.support.TopicFollower;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import tools.jackson.databind.json.JsonMapper;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real-time notices (docs/rules.md rule 9): when a session opens, every enrolled student with an open app hears of
 * it over the WebSocket (closed apps go to the push port); each change of a live view reaches the
 * teacher's open screens. Every dashboard instance reads all session events (no consumer group) from the
 * moment it starts, so it can serve whichever sockets are connected to it.
 */
@Component
class SessionNotifications implements SmartLifecycle {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PushHub hub;
    private final LiveViews liveViews;
    private final PushNotifier push;
    /** spring.kafka's servers and security: an authenticated cluster needs nothing more here. */
    private final Map<String, Object> connection;
    private volatile TopicFollower<SessionEvent> follower;
    private Disposable liveSubscription;

    public SessionNotifications(PushHub hub, LiveViews liveViews, PushNotifier push,
                                KafkaProperties kafka) {
        this.hub = hub;
        this.liveViews = liveViews;
        this.push = push;
        this.connection = kafka.buildConsumerProperties();
    }

    @Override
    public void start() {
        liveSubscription = liveViews.allUpdates().subscribe(this::toTeacher);
        follower = new TopicFollower<>("session-notifications", connection, Topics.SESSION_EVENTS,
                false, r -> {
            if (r.value() instanceof SessionOpened opened) {
                announce(opened);
            }
        }, () -> {
        }).start();
    }

    /** Each open session's last known status per student, to tell a student when their decision changes. */
    private final Map<String, Map<String, String>> lastStatus = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
                    return size() > 20_000; // the sessions of a few hours at a college's peak
                }
            });

    private void toTeacher(LiveViews.Update update) {
        LiveView v = update.view();
        toStudents(v.sessionId(), update.named());
        if (!hub.connected(v.teacherEmail())) {
            return;
        }
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("type", "live");
        msg.put("sessionId", v.sessionId());
        msg.put("status", v.status());
        msg.put("counts", v.counts());
        hub.send(v.teacherEmail(), JSON.writeValueAsString(msg));
    }

    /** A student whose status in the session changed hears of it (the decision after the provisional answer). */
    private void toStudents(String sessionId, List<LiveView.Student> named) {
        Map<String, String> before = lastStatus.computeIfAbsent(sessionId, k -> new ConcurrentHashMap<>());
        for (LiveView.Student st : named) {
            String status = st.status() == null ? null : st.status().name();
            if (status == null || "PENDING".equals(status) || status.equals(before.put(st.email(), status))
                    || !hub.connected(st.email())) {
                continue;
            }
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("type", "decision");
            msg.put("sessionId", sessionId);
            msg.put("status", status);
            hub.send(st.email(), JSON.writeValueAsString(msg));
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
        if (liveSubscription != null) {
            liveSubscription.dispose();
        }
        TopicFollower<SessionEvent> f = follower;
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
