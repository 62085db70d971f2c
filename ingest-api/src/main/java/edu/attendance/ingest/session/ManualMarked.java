package edu.attendance.ingest.session;

import edu.attendance.contracts.AttendanceStatus;
import java.util.UUID;

/** Published in-process after a teacher's manual mark was recorded, for whoever keeps state about students. */
public record ManualMarked(UUID sessionId, String studentEmail, AttendanceStatus status) {
}
