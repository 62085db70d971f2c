package edu.attendance.ingest.session;

import edu.attendance.contracts.CaptureMethod;
import edu.attendance.contracts.SessionMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the capture hot path needs about a session, held in memory: times, mode, secret, roster, and
 * the students this instance has already accepted a submission from.
 */
public final class OpenSession {

    final UUID sessionId;
    final String subjectId;
    final String classId;
    final String periodId;
    final LocalDate date;
    final String teacherEmail;
    final SessionMode mode;
    final Instant startedAt;
    final Instant lateAt;
    final Instant closesAt;
    final int rotationSeconds;
    final byte[] secret;
    final Set<String> roster;
    final Position location;
    final int rosterSize;
    final Delivery delivery;
    private volatile Instant closedAt;
    private final Set<String> marked = ConcurrentHashMap.newKeySet();

    OpenSession(UUID sessionId, String subjectId, String classId, String periodId, LocalDate date, String teacherEmail,
                SessionMode mode, Instant startedAt, Instant lateAt, Instant closesAt, int rotationSeconds, byte[] secret,
                Set<String> roster, Instant closedAt, Position location) {
        this(sessionId, subjectId, classId, periodId, date, teacherEmail, mode, startedAt, lateAt, closesAt, rotationSeconds, secret,
                roster, closedAt, location, Delivery.IN_ROOM);
    }

    OpenSession(UUID sessionId, String subjectId, String classId, String periodId, LocalDate date, String teacherEmail,
                SessionMode mode, Instant startedAt, Instant lateAt, Instant closesAt, int rotationSeconds, byte[] secret,
                Set<String> roster, Instant closedAt, Position location, Delivery delivery) {
        this.delivery = delivery;
        this.location = location;
        this.sessionId = sessionId;
        this.subjectId = subjectId;
        this.classId = classId;
        this.periodId = periodId;
        this.date = date;
        this.teacherEmail = teacherEmail;
        this.mode = mode;
        this.startedAt = startedAt;
        this.lateAt = lateAt;
        this.closesAt = closesAt;
        this.rotationSeconds = rotationSeconds;
        this.secret = secret;
        this.roster = Set.copyOf(roster);
        this.rosterSize = roster.size();
        this.closedAt = closedAt;
    }

    public boolean isOpenAt(Instant t) {
        Instant c = closedAt;
        return (c == null || t.isBefore(c)) && t.isBefore(closesAt) && !t.isBefore(startedAt);
    }

    /** When it closed or will close. */
    public Instant endsAt() {
        Instant c = closedAt;
        return c != null && c.isBefore(closesAt) ? c : closesAt;
    }

    public boolean closed(Instant now) {
        return closedAt != null || !now.isBefore(closesAt);
    }

    void closedAt(Instant t) {
        closedAt = t;
    }

    public Instant closedAt() {
        return closedAt;
    }

    public boolean accepts(CaptureMethod method) {
        return mode.accepts(method);
    }

    /** Claims the student's single decision slot in this instance; false when already taken. */
    public boolean mark(String email) {
        return marked.add(email);
    }

    public boolean isMarked(String email) {
        return marked.contains(email);
    }

    /** Gives the slot back (the submission could not be recorded). */
    public void unmark(String email) {
        marked.remove(email);
    }

    public boolean enrolled(String email) {
        return roster.contains(email);
    }

    /** The session's QR secret: for signing and verifying tokens only, never to leave the process. */
    public byte[] secret() {
        return secret;
    }

    /** The teacher's location when the session opened, or null. */
    public Position location() {
        return location;
    }

    public SessionMode mode() {
        return mode;
    }

    /** In the room, online, or both (docs/rules.md, "Online classes"). */
    public Delivery delivery() {
        return delivery;
    }

    /** When it closes (or closed) as scheduled. */
    public Instant closesAt() {
        return closesAt;
    }

    public LocalDate date() {
        return date;
    }

    public String subjectId() {
        return subjectId;
    }

    /** The students on its roster. */
    public Set<String> roster() {
        return roster;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public int rotationSeconds() {
        return rotationSeconds;
    }

    public UUID sessionId() {
        return sessionId;
    }

    public String teacherEmail() {
        return teacherEmail;
    }

    public Instant lateAt() {
        return lateAt;
    }
}
