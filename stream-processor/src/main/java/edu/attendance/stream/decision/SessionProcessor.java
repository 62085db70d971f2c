package edu.attendance.stream.decision;

import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.Decision;
import edu.attendance.contracts.LiveView;
import edu.attendance.contracts.ManualMark;
import edu.attendance.contracts.SessionClosed;
import edu.attendance.contracts.SessionOpened;
import edu.attendance.contracts.SubmissionAccepted;
import edu.attendance.contracts.SubmissionRejected;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Applies {@link DecisionRules} to every event of a session (keyed by session id) and forwards each
 * decision, alert and — at most every {@link #LIVE_FLUSH} — what changed in the teacher's live view: a whole
 * view (a snapshot, keyed by the session id) when the session itself changed (opened, closed, an alert) or when
 * as many students changed since the last snapshot as it holds (or {@link LiveView#MAX_CHANGES} changes were built
 * on it), else the students changed since the previous flush (the n-th change after a snapshot keyed by
 * {@link LiveView#changesKey}, on the snapshot's partition, so a reader of the compacted topic finds the last
 * snapshot and its changes in order). Each student's change is sent once, not again with every later change, so a
 * busy roster of 2 000 costs what changed in it, not a growing list of all that did since the snapshot. The session (roster,
 * times, alerts) and each student's decision are separate store entries: a submission reads the session
 * from a cache this task owns and writes one small student entry. A wall-clock punctuator closes sessions
 * whose end passed without a closed event and drops sessions closed longer than the retention; it finds
 * them in a small index of deadlines ({@link SessionTimers}), so each tick reads only what is due.
 */
final class SessionProcessor implements Processor<String, Object, String, Object> {

    public static final String STORE = "sessions";
    public static final String STUDENTS = "session-students";
    public static final String TIMERS = "session-timers";
    public static final String TO_DECISIONS = "to-decisions";
    public static final String TO_LIVE = "to-live";
    public static final String TO_ALERTS = "to-alerts";
    /** How often changed live views are published: well inside the one second a teacher may wait. */
    public static final Duration LIVE_FLUSH = Duration.ofMillis(250);
    private static final int CACHED_SESSIONS = 5_000;

    private final DecisionRules rules;
    private final Duration retention;
    private final Clock clock;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SessionState> sessions;
    private KeyValueStore<String, SessionState.Student> students;
    private SessionTimers timers;
    /** Sessions whose live view changed since the last flush; a burst of decisions yields one record per flush. */
    private final Set<String> dirty = new LinkedHashSet<>();
    /** Per session, what this task last published of its live view (memory only: a revived task starts with snapshots). */
    private final Map<String, LiveDraft> live = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LiveDraft> eldest) {
            return size() > CACHED_SESSIONS;
        }
    };

    /**
     * The last snapshot's time (null: none published by this task), the changes published on it and the students they
     * carried, the students changed since the last flush, the counts as they stand (the snapshot's, moved by every
     * decision since: no walk of the roster per change; set with {@code base}), whether a snapshot is due.
     */
    private static final class LiveDraft {
        Instant base;
        int changes;
        int sentSinceBase;
        final Set<String> changed = new LinkedHashSet<>();
        int[] counts;
        boolean snapshotDue = true;
    }
    /** What this task read and wrote of its sessions' student entries (the store stays the truth). */
    private final Map<String, Map<String, Optional<SessionState.Student>>> studentCache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Optional<SessionState.Student>>> eldest) {
            return size() > CACHED_SESSIONS;
        }
    };
    /** Deserialised sessions of this task (the store stays the truth; this task is their only writer). */
    private final Map<String, SessionState> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionState> eldest) {
            return size() > CACHED_SESSIONS;
        }
    };

    public SessionProcessor(DecisionRules rules, Duration retention, Clock clock) {
        this.rules = rules;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        // a revived task (after a dirty close under exactly-once) restores its stores: forget what was cached
        cache.clear();
        studentCache.clear();
        dirty.clear();
        live.clear();
        this.context = context;
        this.sessions = context.getStateStore(STORE);
        this.students = context.getStateStore(STUDENTS);
        this.timers = new SessionTimers(context.getStateStore(TIMERS));
        if (timers.isEmpty()) {
            indexExistingSessions(); // state written before the index existed
        }
        // A task that stopped (or was killed) within a flush of a decision committed the decision but not its live view:
        // its open sessions start with a snapshot, so a teacher's screen does not wait for the next scan to catch up.
        dirty.addAll(timers.open());
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, t -> punctuate());
        context.schedule(LIVE_FLUSH, PunctuationType.WALL_CLOCK_TIME, t -> flushLive());
    }

    @Override
    public void close() {
        cache.clear();
        studentCache.clear();
        dirty.clear();
        live.clear();
    }

    /**
     * The students' entries of a session, read through a copy this task keeps of what it read and wrote (an absent
     * entry too: most of a roster is still pending while its live view is rebuilt every {@link #LIVE_FLUSH}, and each
     * of those look-ups was a store read and a JSON parse). Entries are never changed in place, only replaced.
     */
    private StudentStates studentsOf(String sessionId) {
        Map<String, Optional<SessionState.Student>> known = studentCache.computeIfAbsent(sessionId, k -> new HashMap<>());
        return new StudentStates() {
            @Override
            public SessionState.Student get(String email) {
                Optional<SessionState.Student> st = known.get(email);
                if (st == null) {
                    st = Optional.ofNullable(students.get(sessionId + "|" + email));
                    known.put(email, st);
                }
                return st.orElse(null);
            }

            @Override
            public void put(String email, SessionState.Student student) {
                students.put(sessionId + "|" + email, student);
                known.put(email, Optional.of(student));
            }
        };
    }

    private SessionState session(String sessionId) {
        SessionState s = cache.get(sessionId);
        if (s == null) {
            s = sessions.get(sessionId);
            if (s != null) {
                cache.put(sessionId, s);
            }
        }
        return s;
    }

    @Override
    public void process(Record<String, Object> record) {
        String sessionId = record.key();
        if (sessionId == null || sessionId.isEmpty() || record.value() == null) {
            return;
        }
        SessionState state = session(sessionId);
        if (state == null) {
            if (record.value() instanceof SubmissionRejected) {
                return; // refusals of unknown (e.g. forged) sessions must not grow the store
            }
            state = new SessionState();
        }
        StudentStates st = studentsOf(sessionId);
        Instant now = clock.instant();
        int alertsBefore = state.alerts.size();
        boolean openedBefore = state.opened != null;
        Instant closedBefore = state.closedAt;
        List<Decision> decisions = switch (record.value()) {
            case SessionOpened e -> rules.opened(state, st, e, now);
            case SessionClosed e -> rules.closed(state, st, e, now);
            case SubmissionAccepted e -> rules.submission(state, st, e, now);
            case ManualMark e -> rules.manual(state, st, e, now);
            case SubmissionRejected e -> {
                rules.rejected(state, e);
                yield List.of();
            }
            default -> List.of();
        };
        // the session as a whole (not its students' entries): a submission or mark of an open session without a new
        // alert leaves it as it was, and a store write of it would re-encode the whole roster
        boolean sessionChanged = !openedBefore || state.alerts.size() != alertsBefore || !Objects.equals(closedBefore, state.closedAt);
        if (sessionChanged) {
            sessions.put(sessionId, state);
            cache.put(sessionId, state);
            updateTimers(sessionId, openedBefore, closedBefore, state);
        }
        for (int i = alertsBefore; i < state.alerts.size(); i++) {
            context.forward(new Record<>(sessionId, (Object) state.alerts.get(i), record.timestamp()), TO_ALERTS);
        }
        for (Decision d : decisions) {
            context.forward(new Record<>(sessionId, (Object) d, record.timestamp()), TO_DECISIONS);
        }
        if (state.opened != null) {
            changed(sessionId, decisions, sessionChanged);
        }
    }

    /** Notes what the next flush must publish of the session's live view. */
    private void changed(String sessionId, List<Decision> decisions, boolean sessionChanged) {
        if (!sessionChanged && decisions.isEmpty()) {
            return;
        }
        LiveDraft draft = live.computeIfAbsent(sessionId, k -> new LiveDraft());
        draft.snapshotDue |= sessionChanged;
        for (Decision d : decisions) {
            draft.changed.add(d.studentEmail());
            if (draft.counts != null) {
                draft.counts[(d.previousStatus() == null ? AttendanceStatus.PENDING : d.previousStatus()).ordinal()]--;
                draft.counts[d.status().ordinal()]++;
            }
        }
        dirty.add(sessionId);
    }

    /**
     * Publishes each changed session's live view: the students changed since the last flush, or a whole snapshot when
     * the session itself changed or a reader starting from the compacted topic would read more in changes than in a
     * snapshot ({@link #snapshotDue}) — so each record stays small and a reader needs at most a snapshot and
     * {@link LiveView#MAX_CHANGES} changes per session to know it all.
     */
    private void flushLive() {
        if (dirty.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (String sessionId : dirty) {
            SessionState state = session(sessionId);
            if (state == null || state.opened == null) {
                continue;
            }
            LiveDraft draft = live.computeIfAbsent(sessionId, k -> new LiveDraft());
            StudentStates st = studentsOf(sessionId);
            if (draft.base == null || draft.snapshotDue
                    || snapshotDue(state.opened.roster().size(), draft.changes, draft.sentSinceBase + draft.changed.size())) {
                LiveView snapshot = DecisionRules.live(state, st, now);
                context.forward(new Record<>(sessionId, (Object) snapshot, now.toEpochMilli()), TO_LIVE);
                draft.base = now;
                draft.counts = DecisionRules.tally(snapshot.counts());
                draft.changes = 0;
                draft.sentSinceBase = 0;
                draft.snapshotDue = false;
            } else {
                draft.changes++;
                draft.sentSinceBase += draft.changed.size();
                context.forward(new Record<>(LiveView.changesKey(sessionId, draft.changes), (Object) DecisionRules.liveChanges(state, st,
                        draft.changed, DecisionRules.counts(draft.counts), draft.base, now), now.toEpochMilli()), TO_LIVE);
            }
            draft.changed.clear();
        }
        dirty.clear();
    }

    /**
     * Whether the next record of a session's live view is a snapshot rather than a change: once the changes built on the
     * last snapshot would carry as many students as the roster (a reader starting from the topic would read a snapshot's
     * worth in them; 16 for a small roster) or their number reaches {@link LiveView#MAX_CHANGES}.
     */
    static boolean snapshotDue(int rosterSize, int changesSinceSnapshot, int studentsInThem) {
        return changesSinceSnapshot >= LiveView.MAX_CHANGES || studentsInThem >= Math.max(16, rosterSize);
    }

    /** Keeps the deadlines index in step with a session that opened or closed. */
    private void updateTimers(String sessionId, boolean openedBefore, Instant closedBefore, SessionState state) {
        if (!openedBefore && state.opened != null && state.closedAt == null) {
            timers.closeAt(sessionId, state.opened.closesAt());
        }
        if (closedBefore == null && state.closedAt != null) {
            if (state.opened != null) {
                timers.cancelClose(sessionId, state.opened.closesAt());
            }
            timers.dropAt(sessionId, state.closedAt.plus(retention));
        }
    }

    private void indexExistingSessions() {
        try (KeyValueIterator<String, SessionState> it = sessions.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                updateTimers(kv.key, false, null, kv.value);
            }
        }
    }

    private void punctuate() {
        Instant now = clock.instant();
        for (String key : timers.closesDue(now)) {
            SessionState s = session(key);
            if (s == null) {
                continue;
            }
            boolean opened = s.opened != null;
            Instant closedBefore = s.closedAt;
            List<Decision> decisions = rules.expire(s, studentsOf(key), now);
            sessions.put(key, s);
            updateTimers(key, opened, closedBefore, s);
            for (Decision d : decisions) {
                context.forward(new Record<>(key, (Object) d, now.toEpochMilli()), TO_DECISIONS);
            }
            if (s.opened != null) {
                changed(key, decisions, true);
            }
        }
        for (String key : timers.dropsDue(now)) {
            SessionState s = session(key);
            if (s != null && s.opened != null) {
                for (SessionOpened.RosterEntry r : s.opened.roster()) {
                    students.delete(key + "|" + r.email());
                }
            }
            sessions.delete(key);
            cache.remove(key);
            studentCache.remove(key);
            live.remove(key);
            // the compacted live topic forgets the session too (its roster and flags): each of its keys gets a tombstone (a
            // task does not remember how many changes an earlier one published, so every change key gets one)
            context.forward(new Record<>(key, null, now.toEpochMilli()), TO_LIVE);
            for (int n = 1; n <= LiveView.MAX_CHANGES; n++) {
                context.forward(new Record<>(LiveView.changesKey(key, n), null, now.toEpochMilli()), TO_LIVE);
            }
        }
    }
}
