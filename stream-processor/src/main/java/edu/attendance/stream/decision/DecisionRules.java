package edu.attendance.stream.decision;

import edu.attendance.contracts.AlertType;
import edu.attendance.contracts.AlertRaised;
import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.contracts.Decision;
import edu.attendance.contracts.LiveView;
import edu.attendance.contracts.ManualMark;
import edu.attendance.contracts.SessionClosed;
import edu.attendance.contracts.SessionOpened;
import edu.attendance.contracts.SubmissionAccepted;
import edu.attendance.contracts.SubmissionRejected;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The decision rule (docs/rules.md rule 5), plain Java: the first valid submission wins; PRESENT when captured
 * before the late threshold, LATE otherwise, FLAGGED when its risk reaches the threshold; on close every
 * enrolled student without a decision becomes ABSENT exactly once; a manual mark overrides anything,
 * before or after close, except an approved claim's excuse, which replaces only an absence. Each method mutates the state and returns the decisions it produced.
 */
final class DecisionRules {

    private final int riskThreshold;

    public DecisionRules(int riskThreshold) {
        this.riskThreshold = riskThreshold;
    }

    public List<Decision> opened(SessionState s, StudentStates st, SessionOpened e, Instant now) {
        if (s.opened != null) {
            return List.of(); // a replayed open: already known
        }
        s.opened = e;
        List<Decision> out = new ArrayList<>();
        for (SubmissionAccepted early : List.copyOf(s.earlySubmissions)) {
            out.addAll(submission(s, st, early, now));
        }
        s.earlySubmissions.clear();
        if (s.closedAt != null) {
            Instant closedAt = s.closedAt;
            s.closedAt = null;
            out.addAll(closed(s, st, new SessionClosed(e.sessionId(), closedAt, s.closedBy), now));
        }
        for (ManualMark early : List.copyOf(s.earlyMarks)) {
            out.addAll(manual(s, st, early, now));
        }
        s.earlyMarks.clear();
        return out;
    }

    public List<Decision> submission(SessionState s, StudentStates st, SubmissionAccepted e, Instant now) {
        if (s.opened == null) {
            s.earlySubmissions.add(e);
            return List.of();
        }
        if (s.rosterEntry(e.studentEmail()) == null) {
            return List.of();
        }
        SessionState.Student current = st.get(e.studentEmail());
        boolean supersedesAutoAbsent = current != null && current.auto
                && s.closedAt != null && e.capturedAt().isBefore(s.closedAt);
        if (current != null && !supersedesAutoAbsent) {
            return List.of(); // first valid submission wins
        }
        AttendanceStatus status = AttendanceStatus.ofSubmission(e.riskScore(), riskThreshold, e.capturedAt(), s.opened.lateAt());
        if (status == AttendanceStatus.FLAGGED) {
            alert(s, AlertType.FLAGGED, e.studentEmail(), e.capturedAt(),
                    "risk " + e.riskScore() + ": " + String.join(", ", e.flags()));
        }
        return List.of(set(s, st, e.studentEmail(), new SessionState.Student(status, e.method(), e.capturedAt(), e.offline(),
                e.submissionId(), e.flags(), nextVersion(current), false), now));
    }

    /** A refused submission: an exhausted OTP raises an alert; other refusals are history only. */
    public void rejected(SessionState s, SubmissionRejected r) {
        if (s.opened != null && "OTP_ATTEMPTS_EXHAUSTED".equals(r.code())) {
            alert(s, AlertType.OTP_ATTEMPTS_EXHAUSTED, r.studentEmail(), r.receivedAt(), "second wrong OTP");
        }
    }

    private static void alert(SessionState s, AlertType type, String student, Instant at, String detail) {
        boolean known = s.alerts.stream().anyMatch(a -> a.type() == type && a.students().contains(student));
        if (!known) {
            s.alerts.add(new AlertRaised(s.opened.sessionId(), type, at, List.of(student), detail));
        }
    }

    public List<Decision> closed(SessionState s, StudentStates st, SessionClosed e, Instant now) {
        if (s.closedAt != null) {
            return List.of(); // closing twice decides nothing twice
        }
        s.closedAt = e.closedAt();
        s.closedBy = e.closedBy();
        if (s.opened == null) {
            return List.of();
        }
        List<Decision> out = new ArrayList<>();
        for (SessionOpened.RosterEntry r : s.opened.roster()) {
            if (st.get(r.email()) == null) {
                out.add(set(s, st, r.email(), new SessionState.Student(AttendanceStatus.ABSENT, CaptureMethod.AUTO, e.closedAt(), false,
                        null, List.of(), 1, true), now));
            }
        }
        return out;
    }

    /** Closes a session whose end time passed without a closed event (the ingest scheduler was down). */
    public List<Decision> expire(SessionState s, StudentStates st, Instant now) {
        if (s.opened == null || s.closedAt != null || now.isBefore(s.opened.closesAt())) {
            return List.of();
        }
        return closed(s, st, new SessionClosed(s.opened.sessionId(), s.opened.closesAt(), "AUTO"), now);
    }

    public List<Decision> manual(SessionState s, StudentStates st, ManualMark m, Instant now) {
        if (s.opened == null) {
            s.earlyMarks.add(m);
            return List.of();
        }
        if (s.rosterEntry(m.studentEmail()) == null) {
            return List.of();
        }
        SessionState.Student current = st.get(m.studentEmail());
        if (m.absenceOnly() && current != null && current.status != AttendanceStatus.ABSENT) {
            return List.of(); // an excuse for an absence: the student was there (or is under review), so nothing changes
        }
        return List.of(set(s, st, m.studentEmail(), new SessionState.Student(m.status(), m.decidedBy(),
                m.markedAt(), false, current == null ? null : current.submissionId,
                current == null ? List.of() : current.flags, nextVersion(current), false), now));
    }

    private static int nextVersion(SessionState.Student current) {
        return current == null ? 1 : current.version + 1;
    }

    private static Decision set(SessionState s, StudentStates students, String email, SessionState.Student st, Instant now) {
        SessionState.Student previous = students.get(email);
        students.put(email, st);
        SessionOpened o = s.opened;
        return new Decision(o.sessionId(), email, o.subjectId(), o.classId(), o.date(), st.status, st.method, st.at, now,
                st.offline, st.submissionId, st.flags, st.version, previous == null ? null : previous.status);
    }

    /** The teacher's live view of the session as it stands (a snapshot). */
    public static LiveView live(SessionState s, StudentStates states, Instant now) {
        SessionOpened o = s.opened;
        int[] counts = new int[AttendanceStatus.values().length];
        List<LiveView.Student> students = new ArrayList<>(o.roster().size());
        for (SessionOpened.RosterEntry r : o.roster()) {
            SessionState.Student st = states.get(r.email());
            counts[(st == null ? AttendanceStatus.PENDING : st.status).ordinal()]++;
            students.add(entry(r, st));
        }
        List<LiveView.Alert> alerts = s.alerts.stream()
                .map(a -> new LiveView.Alert(a.type(), a.at(), a.students(), a.detail())).toList();
        return new LiveView(o.sessionId(), o.teacherEmail(), o.subjectId(), o.classId(), status(s), counts(counts), students, alerts, now);
    }

    /**
     * The students of {@code emails} as they now stand, with the session's {@code counts} (kept by the caller from the
     * decisions since the snapshot): a change to the snapshot published at {@code base}. Reads only those students.
     */
    public static LiveView liveChanges(SessionState s, StudentStates states, Collection<String> emails, LiveView.Counts counts,
                                       Instant base, Instant now) {
        SessionOpened o = s.opened;
        List<LiveView.Student> students = new ArrayList<>(emails.size());
        for (String email : emails) {
            SessionOpened.RosterEntry r = s.rosterEntry(email);
            SessionState.Student st = states.get(email);
            if (r != null && st != null) {
                students.add(entry(r, st));
            }
        }
        return new LiveView(o.sessionId(), o.teacherEmail(), o.subjectId(), o.classId(), status(s), counts, students, List.of(), now, base);
    }

    /** The counts as an array by {@link AttendanceStatus#ordinal()}, to be moved by decisions. */
    static int[] tally(LiveView.Counts c) {
        int[] t = new int[AttendanceStatus.values().length];
        t[AttendanceStatus.PRESENT.ordinal()] = c.present();
        t[AttendanceStatus.LATE.ordinal()] = c.late();
        t[AttendanceStatus.ABSENT.ordinal()] = c.absent();
        t[AttendanceStatus.EXCUSED.ordinal()] = c.excused();
        t[AttendanceStatus.FLAGGED.ordinal()] = c.flagged();
        t[AttendanceStatus.PENDING.ordinal()] = c.pending();
        return t;
    }

    private static LiveView.Student entry(SessionOpened.RosterEntry r, SessionState.Student st) {
        return st == null ? new LiveView.Student(r.email(), r.name(), AttendanceStatus.PENDING, null, null, false, List.of())
                : new LiveView.Student(r.email(), r.name(), st.status, st.method, st.at, st.offline, st.flags);
    }

    private static String status(SessionState s) {
        return s.closedAt != null ? "CLOSED" : "OPEN";
    }

    static LiveView.Counts counts(int[] c) {
        return new LiveView.Counts(c[AttendanceStatus.PRESENT.ordinal()], c[AttendanceStatus.LATE.ordinal()],
                c[AttendanceStatus.ABSENT.ordinal()], c[AttendanceStatus.EXCUSED.ordinal()], c[AttendanceStatus.FLAGGED.ordinal()],
                c[AttendanceStatus.PENDING.ordinal()]);
    }

}
