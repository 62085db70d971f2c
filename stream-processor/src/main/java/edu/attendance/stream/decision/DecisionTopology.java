package edu.attendance.stream.decision;

import edu.attendance.contracts.JsonEventSerializer;
import edu.attendance.contracts.JsonSerde;
import edu.attendance.contracts.ManualMark;
import edu.attendance.contracts.SessionEvent;
import edu.attendance.contracts.SubmissionAccepted;
import edu.attendance.contracts.SubmissionRejected;
import edu.attendance.contracts.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Session events, accepted and refused submissions and manual marks (co-partitioned by session id) flow into one
 * processor with three stores — each session's state, each student's decision in it, and the close deadlines the
 * wall-clock punctuator range-scans; decisions, alerts and live views flow out. No repartition: everything about a
 * session is already on one partition.
 */
public final class DecisionTopology {

    private DecisionTopology() {
    }

    public static Topology build(int riskThreshold, Duration retention, Clock clock) {
        Serializer<Object> json = new JsonEventSerializer();
        Topology t = new Topology();
        t.addSource("session-events", Serdes.String().deserializer(), JsonSerde.of(SessionEvent.class), Topics.SESSION_EVENTS);
        t.addSource("submissions", Serdes.String().deserializer(), JsonSerde.of(SubmissionAccepted.class), Topics.SUBMISSIONS);
        t.addSource("manual-marks", Serdes.String().deserializer(), JsonSerde.of(ManualMark.class), Topics.MANUAL_MARKS);
        t.addSource("rejections", Serdes.String().deserializer(), JsonSerde.of(SubmissionRejected.class), Topics.REJECTIONS);
        t.addProcessor("decide", () -> new SessionProcessor(new DecisionRules(riskThreshold), retention, clock),
                "session-events", "submissions", "manual-marks", "rejections");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SessionProcessor.STORE),
                        Serdes.String(), JsonSerde.of(SessionState.class))
                .withLoggingEnabled(Map.of("cleanup.policy", "compact")), "decide");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SessionProcessor.STUDENTS),
                        Serdes.String(), JsonSerde.of(SessionState.Student.class))
                .withLoggingEnabled(Map.of("cleanup.policy", "compact")), "decide");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SessionProcessor.TIMERS),
                        Serdes.String(), Serdes.String())
                .withLoggingEnabled(Map.of("cleanup.policy", "compact")), "decide");
        t.addSink(SessionProcessor.TO_DECISIONS, Topics.DECISIONS, Serdes.String().serializer(), json, "decide");
        t.addSink(SessionProcessor.TO_LIVE, Topics.LIVE, Serdes.String().serializer(), json, "decide");
        t.addSink(SessionProcessor.TO_ALERTS, Topics.ALERTS, Serdes.String().serializer(), json, "decide");
        return t;
    }
}
