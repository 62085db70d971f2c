package edu.attendance.contracts;

import java.time.Instant;
import java.util.List;

/** The teacher's live screen for one session, as served by {@code GET /sessions/{id}/live}. */
public record LiveView(
        String sessionId,
        String teacherEmail,
        String subjectId,
        String classId,
        String status,
        Counts counts,
        List<Student> students,
        List<Alert> alerts,
        Instant updatedAt) {

    public record Counts(int present, int late, int absent, int excused, int flagged, int pending) {
    }

    public record Student(String email, String name, AttendanceStatus status, CaptureMethod method, Instant at,
                          boolean offline, List<String> flags) {
    }

    public record Alert(AlertType type, Instant at, List<String> students, String detail) {
    }
}
