package edu.attendance.contracts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every Kafka topic of the platform, defined once. All are keyed by session id, so that everything
 * about one session lands on one partition and is processed in order by one stream task.
 */
public final class Topics {

    private static final Map<String, String> HISTORY = Map.of(
            "cleanup.policy", "delete", "retention.ms", Long.toString(7L * 24 * 3600 * 1000), "min.insync.replicas", "2");
    /**
     * The last record per key; the stream tombstones a session's keys when it forgets the session (6 h after its close),
     * and whatever a tombstone missed (a session whose state was lost) goes after the history's seven days.
     */
    private static final Map<String, String> LATEST = Map.of(
            "cleanup.policy", "compact,delete", "retention.ms", Long.toString(7L * 24 * 3600 * 1000),
            "min.insync.replicas", "2", "min.compaction.lag.ms", "60000");

    /** Opened (with the roster snapshot) and closed. */
    public static final Topic<String, SessionEvent> SESSION_EVENTS =
            Topic.bySession("attendance.session-events", SessionEvent.class, HISTORY);
    /** Validated by ingest, not yet decided. */
    public static final Topic<String, SubmissionAccepted> SUBMISSIONS =
            Topic.bySession("attendance.submissions", SubmissionAccepted.class, HISTORY);
    /** Hard failures, kept for analytics and alerts. */
    public static final Topic<String, SubmissionRejected> REJECTIONS =
            Topic.bySession("attendance.rejections", SubmissionRejected.class, HISTORY);
    /** A teacher's override. */
    public static final Topic<String, ManualMark> MANUAL_MARKS = Topic.bySession("attendance.manual-marks", ManualMark.class, HISTORY);
    /** The stream's verdicts, one or more versions per (session, student). */
    public static final Topic<String, Decision> DECISIONS = Topic.bySession("attendance.decisions", Decision.class, HISTORY);
    /** What the system spotted in a session (anti-proxy signals, exhausted OTPs). */
    public static final Topic<String, AlertRaised> ALERTS = Topic.bySession("attendance.alerts", AlertRaised.class, HISTORY);
    /** The latest per-session view for teachers (compacted). */
    public static final Topic<String, LiveView> LIVE = Topic.bySession("attendance.live", LiveView.class, LATEST);

    /** Students erased by an admin (keyed by erasure id; hashes, no personal data): each store removes their rows. */
    public static final Topic<String, StudentsErased> ERASURES = Topic.bySession("attendance.erasures", StudentsErased.class, HISTORY);

    /** Absence claims decided (keyed by claim id): the student is told. */
    public static final Topic<String, ClaimDecided> CLAIMS = Topic.bySession("attendance.claims", ClaimDecided.class, HISTORY);

    public static final List<Topic<String, ?>> ALL = List.of(SESSION_EVENTS, SUBMISSIONS, REJECTIONS, MANUAL_MARKS, DECISIONS,
            ALERTS, LIVE, ERASURES, CLAIMS);

    private Topics() {
    }

    /** The topic config for a cluster of {@code replication} replicas (min ISR never above replication − 1, at least 1). */
    public static Map<String, String> configFor(Topic<?, ?> topic, short replication) {
        var config = new HashMap<>(topic.config());
        config.put("min.insync.replicas", Integer.toString(Math.max(1, replication - 1)));
        return Map.copyOf(config);
    }

    /** The topic of that name (an outbox row names its topic). */
    public static Topic<String, ?> named(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no topic " + name));
    }
}
