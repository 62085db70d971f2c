package edu.attendance.ingest.session;

import edu.attendance.contracts.AttendanceStatus;
import java.util.UUID;

/**
 * Published in-process after a teacher's manual mark was recorded, for whoever keeps state about students;
 * {@code absenceOnly}: an approved absence claim's excuse, which changes only an absence (docs/rules.md, "Absence claims").
 */
public record ManualMarked(UUID sessionId, String studentEmail, AttendanceStatus status, boolean absenceOnly) {
}
