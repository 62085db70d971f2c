package edu.attendance.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The teacher's live screen for one session, as served by {@code GET /sessions/{id}/live}; on the live topic either
 * a <em>snapshot</em> (the whole roster, {@code base} null, keyed by the session id) or a <em>change</em>: the
 * students changed since the previous record built on the snapshot published at {@code base}, with the counts as they
 * now stand (the n-th change after a snapshot keyed by {@link #changesKey(String, int)}; alerts and status changes
 * always come as snapshots, so a change carries no alerts). A reader applies a snapshot's changes in the topic's order.
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

    private static final String CHANGES = "/changes/";

    /** A snapshot. */
    public LiveView(String sessionId, String teacherEmail, String subjectId, String classId, String status, Counts counts,
                    List<Student> students, List<Alert> alerts, Instant updatedAt) {
        this(sessionId, teacherEmail, subjectId, classId, status, counts, students, alerts, updatedAt, null);
    }

    public boolean isChange() {
        return base != null;
    }

    /**
     * The live topic's key of the n-th change (from 1) after a session's snapshot, on the snapshot's partition: the next
     * snapshot's changes take the same keys again, so compaction keeps a session's last snapshot, the changes built on
     * it and at most {@link #MAX_CHANGES} older ones (which name an older {@code base} and are skipped).
     */
    public static String changesKey(String sessionId, int n) {
        if (n < 1 || n > MAX_CHANGES) {
            throw new IllegalArgumentException("change " + n + " of a snapshot: 1.." + MAX_CHANGES);
        }
        return sessionId + CHANGES + n;
    }

    /** The most changes published on one snapshot; the next record is a snapshot again. */
    public static final int MAX_CHANGES = 64;

    /** The session id of a live topic key (a snapshot's or a change's). */
    public static String sessionOf(String key) {
        int at = key.indexOf(CHANGES);
        return at < 0 ? key : key.substring(0, at);
    }

    public record Counts(int present, int late, int absent, int excused, int flagged, int pending) {
    }

    public record Student(String email, String name, AttendanceStatus status, CaptureMethod method, Instant at,
                          boolean offline, List<String> flags) {
    }

    public record Alert(AlertType type, Instant at, List<String> students, String detail) {
    }
}
