package edu.attendance.contracts;

import java.util.List;
import java.util.Map;

/**
 * Every Kafka topic of the platform, defined once. All are keyed by session id, so that everything
 * about one session lands on one partition and is processed in order by one stream task.
 */
public final class Topics {

    /** {@link SessionEvent}: opened (with the roster snapshot) and closed. */
    public static final String SESSION_EVENTS = "attendance.session-events";
    /** {@link SubmissionAccepted}: validated by ingest, not yet decided. */
    public static final String SUBMISSIONS = "attendance.submissions";
    /** {@link SubmissionRejected}: hard failures, kept for analytics and alerts. */
    public static final String REJECTIONS = "attendance.rejections";
    /** {@link ManualMark}: a teacher's override. */
    public static final String MANUAL_MARKS = "attendance.manual-marks";
    /** {@link Decision}: the stream's verdicts, one or more versions per (session, student). */
    public static final String DECISIONS = "attendance.decisions";
    /** {@link AlertRaised}: what the system spotted in a session (anti-proxy signals, exhausted OTPs). */
    public static final String ALERTS = "attendance.alerts";
    /** {@link LiveView}: the latest per-session view for teachers (compacted). */
    public static final String LIVE = "attendance.live";

    /** One topic's shape; partitions and replication come from deployment configuration. */
    public record Spec(String name, Map<String, String> config) {
    }

    private static final Map<String, String> HISTORY = Map.of(
            "cleanup.policy", "delete", "retention.ms", Long.toString(7L * 24 * 3600 * 1000), "min.insync.replicas", "2");
    private static final Map<String, String> LATEST = Map.of(
            "cleanup.policy", "compact", "min.insync.replicas", "2", "min.compaction.lag.ms", "60000");

    public static final List<Spec> ALL = List.of(
            new Spec(SESSION_EVENTS, HISTORY),
            new Spec(SUBMISSIONS, HISTORY),
            new Spec(REJECTIONS, HISTORY),
            new Spec(MANUAL_MARKS, HISTORY),
            new Spec(DECISIONS, HISTORY),
            new Spec(ALERTS, HISTORY),
            new Spec(LIVE, LATEST));

    private Topics() {
    }

    /** The topic config for a cluster of {@code replication} replicas (min ISR never above replication − 1, at least 1). */
    public static Map<String, String> configFor(Spec spec, short replication) {
        var config = new java.util.HashMap<>(spec.config());
        config.put("min.insync.replicas", Integer.toString(Math.max(1, replication - 1)));
        return Map.copyOf(config);
    }
}
