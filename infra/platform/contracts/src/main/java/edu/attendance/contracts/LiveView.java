package edu.attendance.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The teacher's live screen for one session, as served by {@code GET /sessions/{id}/live}; on the live topic either
 * a <em>snapshot</em> (the whole roster, {@code base} null, keyed by the session id) or a <em>change</em>: the
 * students changed since the snapshot published at {@code base}, with the counts as they now stand (keyed by
 * {@link #changesKey}; alerts and status changes always come as snapshots, so a change carries no alerts).
 */
public record LiveView(
        String sessionId,
        String teacherEmail,
        String subjectId,
        String classId,
        String status,
        Counts counts,
        List<Student> students,
        List<Alert> alerts,
        Instant updatedAt,
        Instant base) {

    private static final String CHANGES = "/changes";

    /** A snapshot. */
    public LiveView(String sessionId, String teacherEmail, String subjectId, String classId, String status, Counts counts,
                    List<Student> students, List<Alert> alerts, Instant updatedAt) {
        this(sessionId, teacherEmail, subjectId, classId, status, counts, students, alerts, updatedAt, null);
    }

    public boolean isChange() {
        return base != null;
    }

    /** The live topic's key of a session's change records: one key per session beside its snapshot's, so compaction keeps the last of each. */
    public static String changesKey(String sessionId) {
        return sessionId + CHANGES;
    }

    /** The session id of a live topic key (a snapshot's or a change's). */
    public static String sessionOf(String key) {
        return key.endsWith(CHANGES) ? key.substring(0, key.length() - CHANGES.length()) : key;
    }

    public record Counts(int present, int late, int absent, int excused, int flagged, int pending) {
    }

    public record Student(String email, String name, AttendanceStatus status, CaptureMethod method, Instant at,
                          boolean offline, List<String> flags) {
    }

    public record Alert(AlertType type, Instant at, List<String> students, String detail) {
    }
}
