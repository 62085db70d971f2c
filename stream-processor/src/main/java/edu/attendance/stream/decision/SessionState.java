package edu.attendance.stream.decision;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import edu.attendance.contracts.AlertRaised;
import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.contracts.ManualMark;
import edu.attendance.contracts.SessionOpened;
import edu.attendance.contracts.SubmissionAccepted;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stream keeps about one session as a whole (state store value): the opened event with its
 * roster, when it closed, its alerts, and events that arrived before the opened event (replayed once it
 * arrives). Each student's decision is a separate entry ({@link StudentStates}).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class SessionState {

    /** One student's current decision. {@code auto}: ABSENT set by the close, which a submission captured before the close may still replace. */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    public static final class Student {
        AttendanceStatus status;
        CaptureMethod method;
        Instant at;
        boolean offline;
        String submissionId;
        List<String> flags = List.of();
        int version;
        boolean auto;

        Student() {
        }

        Student(AttendanceStatus status, CaptureMethod method, Instant at, boolean offline, String submissionId,
                List<String> flags, int version, boolean auto) {
            this.status = status;
            this.method = method;
            this.at = at;
            this.offline = offline;
            this.submissionId = submissionId;
            this.flags = flags == null ? List.of() : List.copyOf(flags);
            this.version = version;
            this.auto = auto;
        }
    }

    SessionOpened opened;
    Instant closedAt;
    String closedBy;
    List<SubmissionAccepted> earlySubmissions = new ArrayList<>();
    List<ManualMark> earlyMarks = new ArrayList<>();
    /** Alerts raised in this session, oldest first (at most one per type and student). */
    List<AlertRaised> alerts = new ArrayList<>();

    /** The roster by e-mail, made on first use from {@link #opened} (memory only: transient fields are not stored). */
    private transient Map<String, SessionOpened.RosterEntry> roster;

    /** The roster's entry of this student, null when not enrolled (or the session not yet opened). */
    SessionOpened.RosterEntry rosterEntry(String email) {
        if (opened == null) {
            return null;
        }
        if (roster == null) {
            Map<String, SessionOpened.RosterEntry> byEmail = new HashMap<>(opened.roster().size() * 2);
            for (SessionOpened.RosterEntry r : opened.roster()) {
                byEmail.put(r.email(), r);
            }
            roster = byEmail;
        }
        return roster.get(email);
    }

    public SessionOpened opened() {
        return opened;
    }

    public Instant closedAt() {
        return closedAt;
    }

    public boolean isClosed() {
        return closedAt != null;
    }
}
