package edu.attendance.stream.decision;

import edu.attendance.contracts.JsonEventSerializer;
import edu.attendance.contracts.JsonSerde;
import edu.attendance.contracts.LiveView;
import edu.attendance.contracts.ManualMark;
import edu.attendance.contracts.SessionEvent;
import edu.attendance.contracts.SubmissionAccepted;
import edu.attendance.contracts.SubmissionRejected;
import edu.attendance.contracts.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Session events, accepted and refused submissions and manual marks (co-partitioned by session id) flow into one
 * processor with three stores — each session's state, each student's decision in it, and the close deadlines the
 * wall-clock punctuator range-scans; decisions, alerts and live views flow out. No repartition: everything about a
 * session is already on one partition.
 */
final class DecisionTopology {

    private DecisionTopology() {
    }

    public static Topology build(int riskThreshold, Duration retention, Clock clock) {
        Topology t = new Topology();
        t.addSource("session-events", Topics.SESSION_EVENTS.keySerde().deserializer(), Topics.SESSION_EVENTS.valueSerde().deserializer(), Topics.SESSION_EVENTS.name());
        t.addSource("submissions", Topics.SUBMISSIONS.keySerde().deserializer(), Topics.SUBMISSIONS.valueSerde().deserializer(), Topics.SUBMISSIONS.name());
        t.addSource("manual-marks", Topics.MANUAL_MARKS.keySerde().deserializer(), Topics.MANUAL_MARKS.valueSerde().deserializer(), Topics.MANUAL_MARKS.name());
        t.addSource("rejections", Topics.REJECTIONS.keySerde().deserializer(), Topics.REJECTIONS.valueSerde().deserializer(), Topics.REJECTIONS.name());
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
        t.addSink(SessionProcessor.TO_DECISIONS, Topics.DECISIONS.name(), Topics.DECISIONS.keySerde().serializer(), Topics.DECISIONS.valueSerde().serializer(), "decide");
        // a session's snapshots and changes (two keys) on one partition, in the order they were made
        StreamPartitioner<String, Object> bySession = (topic, key, value, partitions) -> Optional.of(Set.of(
                Utils.toPositive(Utils.murmur2(LiveView.sessionOf(key).getBytes(StandardCharsets.UTF_8))) % partitions));
        t.addSink(SessionProcessor.TO_LIVE, Topics.LIVE.name(), Topics.LIVE.keySerde().serializer(), Topics.LIVE.valueSerde().serializer(),
                bySession, "decide");
        t.addSink(SessionProcessor.TO_ALERTS, Topics.ALERTS.name(), Topics.ALERTS.keySerde().serializer(), Topics.ALERTS.valueSerde().serializer(), "decide");
        return t;
    }
}
