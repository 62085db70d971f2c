package edu.attendance.dashboard.push;

import edu.attendance.contracts.ClaimDecided;
import edu.attendance.contracts.Topics;
import edu.attendance.dashboard.support.TopicFollower;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decided absence claim reaches its student (docs/rules.md, "Absence claims"): an open app hears of it over the
 * WebSocket, a closed one gets a push notification (the e-mail is the report service's). Every dashboard instance reads
 * the decisions made from the moment it starts, as with sessions opening.
 */
@Component
class ClaimNotifications implements SmartLifecycle {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PushHub hub;
    private final PushNotifier push;
    /** spring.kafka's servers and security: an authenticated cluster needs nothing more here. */
    private final Map<String, Object> connection;
    private volatile TopicFollower<ClaimDecided> follower;

    ClaimNotifications(PushHub hub, PushNotifier push, KafkaProperties kafka) {
        this.hub = hub;
        this.push = push;
        this.connection = kafka.buildConsumerProperties();
    }

    /** What the app and the service worker receive: the claim, its outcome and the reviewer's note. */
    static Map<String, Object> message(ClaimDecided d) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("type", "claim");
        msg.put("claimId", d.claimId());
        msg.put("kind", d.kind());
        msg.put("status", d.status());
        msg.put("sessions", d.sessions());
        if (d.note() != null) {
            msg.put("note", d.note());
        }
        return msg;
    }

    @Override
    public void start() {
        follower = new TopicFollower<>("claim-notifications", connection, Topics.CLAIMS, false, r -> {
            if (r.value() != null) {
                Map<String, Object> msg = message(r.value());
                if (!hub.send(r.value().studentEmail(), JSON.writeValueAsString(msg))) {
                    push.notify(r.value().studentEmail(), msg);
                }
            }
        }, () -> {
        }).start();
    }

    @Override
    public void stop() {
        TopicFollower<ClaimDecided> f = follower;
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
