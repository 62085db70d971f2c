package edu.attendance.stream.decision;

import edu.attendance.contracts.Decision;
import edu.attendance.contracts.ManualMark;
import edu.attendance.contracts.SessionClosed;
import edu.attendance.contracts.SessionOpened;
import edu.attendance.contracts.SubmissionAccepted;
import edu.attendance.contracts.SubmissionRejected;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies {@link DecisionRules} to every event of a session (keyed by session id), keeps the session's
 * state in a store, and forwards each decision and the new live view. A wall-clock punctuator closes
 * sessions whose end passed without a closed event and drops sessions closed longer than the retention.
 */
public final class SessionProcessor implements Processor<String, Object, String, Object> {

    public static final String STORE = "sessions";
    public static final String TO_DECISIONS = "to-decisions";
    public static final String TO_LIVE = "to-live";
    public static final String TO_ALERTS = "to-alerts";
    /** How often changed live views are published: well inside the one second a teacher may wait. */
    public static final Duration LIVE_FLUSH = Duration.ofMillis(250);

    private final DecisionRules rules;
    private final Duration retention;
    private final Clock clock;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SessionState> store;
    /** Sessions whose live view changed since the last flush; a burst of decisions yields one view per flush. */
    private final java.util.Set<String> dirty = new java.util.LinkedHashSet<>();

    public SessionProcessor(DecisionRules rules, Duration retention, Clock clock) {
        this.rules = rules;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, t -> punctuate());
        context.schedule(LIVE_FLUSH, PunctuationType.WALL_CLOCK_TIME, t -> flushLive());
    }

    @Override
    public void process(Record<String, Object> record) {
        String sessionId = record.key();
        if (sessionId == null || sessionId.isEmpty() || record.value() == null) {
            return;
        }
        SessionState state = store.get(sessionId);
        if (state == null) {
            if (record.value() instanceof SubmissionRejected) {
                return; // refusals of unknown (e.g. forged) sessions must not grow the store
            }
            state = new SessionState();
        }
        Instant now = clock.instant();
        int alertsBefore = state.alerts.size();
        List<Decision> decisions = switch (record.value()) {
            case SessionOpened e -> rules.opened(state, e, now);
            case SessionClosed e -> rules.closed(state, e, now);
            case SubmissionAccepted e -> rules.submission(state, e, now);
            case ManualMark e -> rules.manual(state, e, now);
            case SubmissionRejected e -> {
                rules.rejected(state, e);
                yield List.of();
            }
            default -> List.of();
        };
        store.put(sessionId, state);
        for (int i = alertsBefore; i < state.alerts.size(); i++) {
            context.forward(new Record<>(sessionId, (Object) state.alerts.get(i), record.timestamp()), TO_ALERTS);
            dirty.add(sessionId);
        }
        emit(sessionId, state, decisions, now, record.timestamp());
    }

    private void emit(String sessionId, SessionState state, List<Decision> decisions, Instant now, long timestamp) {
        for (Decision d : decisions) {
            context.forward(new Record<>(sessionId, (Object) d, timestamp), TO_DECISIONS);
        }
        if (state.opened != null && (!decisions.isEmpty() || state.students.isEmpty())) {
            dirty.add(sessionId);
        }
    }

    private void flushLive() {
        if (dirty.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (String sessionId : dirty) {
            SessionState state = store.get(sessionId);
            if (state != null && state.opened != null) {
                context.forward(new Record<>(sessionId, (Object) DecisionRules.live(state, now), now.toEpochMilli()), TO_LIVE);
            }
        }
        dirty.clear();
    }

    private void punctuate() {
        Instant now = clock.instant();
        List<KeyValue<String, SessionState>> changed = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, SessionState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, SessionState> kv = it.next();
                SessionState s = kv.value;
                if (s.closedAt != null && s.closedAt.plus(retention).isBefore(now)) {
                    expired.add(kv.key);
                } else if (s.opened != null && s.closedAt == null && !now.isBefore(s.opened.closesAt())) {
                    changed.add(kv);
                }
            }
        }
        for (KeyValue<String, SessionState> kv : changed) {
            List<Decision> decisions = rules.expire(kv.value, now);
            store.put(kv.key, kv.value);
            emit(kv.key, kv.value, decisions, now, now.toEpochMilli());
        }
        for (String key : expired) {
            store.delete(key);
        }
    }
}
