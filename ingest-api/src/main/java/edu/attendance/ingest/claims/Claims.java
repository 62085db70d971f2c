package edu.attendance.ingest.claims;

import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.ClaimDecided;
import edu.attendance.contracts.Topics;
import edu.attendance.ingest.support.Outbox;
import edu.attendance.ingest.audit.AuditLog;
import edu.attendance.ingest.session.OpenSession;
import edu.attendance.ingest.session.Sessions;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Absence claims (docs/rules.md, "Absence claims"): a student files one, with documents uploaded beforehand; the
 * teacher of its session ("I was there") or the college office (every other kind) approves or rejects it; an approval
 * applies its mark to every session it covers through the same path as a teacher's manual mark, in the transaction
 * that decides the claim. Who may read or decide a claim is read from the database on every call.
 */
@Component
class Claims {

    /** A session as a claim shows it. */
    public record CoveredSession(UUID sessionId, LocalDate date, String subjectId, String subjectName, Instant startedAt,
                          String teacherEmail) {
    }

    public record Document(UUID documentId, String fileName, String mediaType, int sizeBytes) {
    }

    public record Claim(UUID claimId, String studentEmail, String studentName, String rollNo, String classId, ClaimKind kind,
                 ClaimKind.Reviewer reviewer, LocalDate from, LocalDate to, String comment, String status, Instant filedAt,
                 Instant decidedAt, String decidedBy, String decisionNote, List<CoveredSession> sessions,
                 List<Document> documents) {
    }

    /** What a student files: a session, or a span of days (never both); documents already uploaded by them. */
    public record Filing(ClaimKind kind, UUID sessionId, LocalDate from, LocalDate to, String comment, List<UUID> documentIds) {
    }

    public record StoredDocument(Document document, String studentEmail, UUID claimId, byte[] content) {
    }

    private static final Logger log = LoggerFactory.getLogger(Claims.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Outbox outbox;
    private final AuditLog auditLog;
    private final Sessions sessions;
    private final ClaimSettings settings;
    private final AttendanceProperties props;
    private final Clock clock;

    Claims(JdbcClient jdbc, TransactionTemplate tx, Outbox outbox, AuditLog auditLog, Sessions sessions, ClaimSettings settings,
           AttendanceProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.outbox = outbox;
        this.tx = tx;
        this.sessions = sessions;
        this.settings = settings;
        this.props = props;
        this.clock = clock;
    }

    /** Stores a student's document, attached to nothing yet; its type read from its content. */
    Document upload(String student, byte[] content, String declaredType, String name) {
        ClaimRules.DocumentType type = ClaimRules.checkDocument(content, declaredType, settings);
        Document d = new Document(UUID.randomUUID(), ClaimRules.fileName(name, type), type.mediaType(), content.length);
        jdbc.sql("""
                        INSERT INTO absence_claim_documents (document_id, student_email, file_name, media_type, size_bytes, sha256, content, uploaded_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(d.documentId(), student, d.fileName(), d.mediaType(), d.sizeBytes(), sha256(content), content,
                        Timestamp.from(clock.instant()))
                .update();
        return d;
    }

    /** Files a claim for the student: the sessions it covers, its documents attached, all at once or nothing. */
    Claim file(String student, Filing f) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), props.collegeZone());
        String comment = f.comment() == null ? "" : f.comment().strip();
        if (comment.isEmpty() && f.kind() != ClaimKind.WAS_THERE) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "say what happened: the office reads it");
        }
        List<UUID> documentIds = f.documentIds() == null ? List.of() : List.copyOf(f.documentIds());
        if (documentIds.size() > settings.maxDocuments() || documentIds.stream().distinct().count() != documentIds.size()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "at most " + settings.maxDocuments() + " different documents");
        }
        List<CoveredSession> covered;
        LocalDate from;
        LocalDate to;
        if (f.sessionId() != null) {
            if (f.from() != null || f.to() != null) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "give a sessionId or from and to, not both");
            }
            CoveredSession s = session(f.sessionId(), student)
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no session " + f.sessionId() + " of yours"));
            ClaimRules.checkDays(s.date(), s.date(), today, settings);
            covered = List.of(s);
            from = s.date();
            to = s.date();
        } else {
            if (f.kind().oneSessionOnly()) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "\"I was there\" is claimed for one session: give its sessionId");
            }
            ClaimRules.checkDays(f.from(), f.to(), today, settings);
            covered = sessionsBetween(student, f.from(), f.to());
            if (covered.isEmpty()) {
                throw new ApiException(ErrorCode.NOT_FOUND, "none of your classes was held between " + f.from() + " and " + f.to());
            }
            from = f.from();
            to = f.to();
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        try {
            tx.executeWithoutResult(t -> {
                jdbc.sql("""
                                INSERT INTO absence_claims (claim_id, student_email, kind, reviewer, from_date, to_date, comment, status, filed_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)""")
                        .params(id, student, f.kind().name(), f.kind().reviewer().name(), from, to, comment, Timestamp.from(now))
                        .update();
                for (CoveredSession s : covered) {
                    jdbc.sql("INSERT INTO absence_claim_sessions (claim_id, session_id, student_email) VALUES (?, ?, ?)")
                            .params(id, s.sessionId(), student).update();
                }
                for (UUID doc : documentIds) {
                    int attached = jdbc.sql("UPDATE absence_claim_documents SET claim_id = ? WHERE document_id = ? AND student_email = ? AND claim_id IS NULL")
                            .params(id, doc, student).update();
                    if (attached != 1) {
                        throw new ApiException(ErrorCode.NOT_FOUND, "no unattached document " + doc + " of yours");
                    }
                }
                audit(student, "CLAIM_FILED", id, Map.of("kind", f.kind().name(), "sessions", covered.size()));
            });
        } catch (DuplicateKeyException e) {
            throw new ApiException(ErrorCode.CONFLICT, "a claim of yours is already open for one of these classes; withdraw it or wait for its decision");
        }
        return find(id).orElseThrow();
    }

    /** The student's own claims, newest first. */
    List<Claim> mine(String student) {
        return claims("c.student_email = ?", List.of(student), 200);
    }

    /**
     * The claims {@code user} decides that are in {@code status}: a teacher, the "I was there" claims of their own
     * sessions' subjects (as the database says now); an admin, every claim (the office's and, standing in, the teachers').
     */
    List<Claim> queue(CurrentUser user, String status) {
        if (user.is(Role.ADMIN)) {
            return claims("c.status = ?", List.of(status), 500);
        }
        user.require(Role.TEACHER);
        return claims("""
                c.status = ? AND c.reviewer = 'TEACHER' AND EXISTS (SELECT 1 FROM absence_claim_sessions cs
                    JOIN sessions s ON s.session_id = cs.session_id JOIN subjects sub ON sub.subject_id = s.subject_id
                    WHERE cs.claim_id = c.claim_id AND sub.teacher_email = ?)""", List.of(status, user.email()), 500);
    }

    /** How many claims wait for {@code user}'s decision (the count on a teacher's Today): counted, not read. */
    int waiting(CurrentUser user) {
        if (user.is(Role.ADMIN)) {
            return jdbc.sql("SELECT count(*) FROM absence_claims WHERE status = 'OPEN'").query(Integer.class).single();
        }
        user.require(Role.TEACHER);
        return jdbc.sql("""
                        SELECT count(*) FROM absence_claims c WHERE c.status = 'OPEN' AND c.reviewer = 'TEACHER' AND EXISTS (
                            SELECT 1 FROM absence_claim_sessions cs JOIN sessions s ON s.session_id = cs.session_id
                            JOIN subjects sub ON sub.subject_id = s.subject_id WHERE cs.claim_id = c.claim_id AND sub.teacher_email = ?)""")
                .param(user.email()).query(Integer.class).single();
    }

    /** A claim as {@code user} may see it: its student, a reviewer who may decide it, or an admin. */
    Claim readable(CurrentUser user, UUID id) {
        Claim c = find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no claim " + id));
        if (user.is(Role.STUDENT) ? c.studentEmail().equals(user.email()) : mayDecide(user, c)) {
            return c;
        }
        throw new ApiException(ErrorCode.NOT_FOUND, "no claim " + id);
    }

    /** A document of a claim {@code user} may read (an unattached one: only its own student). */
    StoredDocument document(CurrentUser user, UUID claimId, UUID documentId) {
        readable(user, claimId);
        return jdbc.sql("SELECT document_id, file_name, media_type, size_bytes, student_email, claim_id, content FROM absence_claim_documents WHERE document_id = ? AND claim_id = ?")
                .params(documentId, claimId)
                .query((rs, i) -> new StoredDocument(new Document(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4)),
                        rs.getString(5), rs.getObject(6, UUID.class), rs.getBytes(7)))
                .optional()
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no document " + documentId + " in claim " + claimId));
    }

    /** The student withdraws an open claim: it stays, WITHDRAWN, and its sessions are free for another. */
    Claim withdraw(String student, UUID id) {
        tx.executeWithoutResult(t -> {
            int n = jdbc.sql("UPDATE absence_claims SET status = 'WITHDRAWN', decided_at = ?, decided_by = student_email WHERE claim_id = ? AND student_email = ? AND status = 'OPEN'")
                    .params(Timestamp.from(clock.instant()), id, student).update();
            if (n == 0) {
                throw find(id).filter(c -> c.studentEmail().equals(student)).isPresent()
                        ? new ApiException(ErrorCode.CONFLICT, "the claim is no longer open")
                        : new ApiException(ErrorCode.NOT_FOUND, "no claim " + id);
            }
            jdbc.sql("UPDATE absence_claim_sessions SET open = false WHERE claim_id = ?").param(id).update();
            audit(student, "CLAIM_WITHDRAWN", id, Map.of());
        });
        return find(id).orElseThrow();
    }

    /**
     * Decides an open claim. Approval marks every session it covers (the kind's mark, with the claim's id as the
     * reason), rejection marks nothing and tells the student the note; either way in one transaction with the claim's
     * new status, so a claim is never decided half.
     */
    Claim decide(CurrentUser user, UUID id, boolean approve, String note) {
        Claim c = readable(user, id);
        String why = ClaimRules.checkNote(approve, note);
        if (!"OPEN".equals(c.status())) {
            throw new ApiException(ErrorCode.CONFLICT, "the claim is already " + c.status().toLowerCase(Locale.ROOT));
        }
        List<OpenSession> marked = new ArrayList<>();
        if (approve) {
            for (CoveredSession s : c.sessions()) {
                marked.add(sessions.find(s.sessionId()).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no session " + s.sessionId())));
            }
        }
        AttendanceStatus mark = c.kind().approved();
        tx.executeWithoutResult(t -> {
            int n = jdbc.sql("UPDATE absence_claims SET status = ?, decided_at = ?, decided_by = ?, decision_note = ? WHERE claim_id = ? AND status = 'OPEN'")
                    .params(approve ? "APPROVED" : "REJECTED", Timestamp.from(clock.instant()), user.email(), why, id).update();
            if (n == 0) {
                throw new ApiException(ErrorCode.CONFLICT, "the claim was decided or withdrawn meanwhile");
            }
            jdbc.sql("UPDATE absence_claim_sessions SET open = false WHERE claim_id = ?").param(id).update();
            for (OpenSession s : marked) {
                sessions.mark(s, c.studentEmail(), mark, "claim " + id + " (" + c.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + ") approved", user.email(), c.kind().excusesAbsenceOnly());
            }
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("decision", approve ? "APPROVED" : "REJECTED");
            after.put("student", c.studentEmail());
            after.put("sessions", c.sessions().size());
            if (approve) {
                after.put("mark", mark.name());
            }
            audit(user.email(), approve ? "CLAIM_APPROVED" : "CLAIM_REJECTED", id, after);
            // the student is told with the decision, or not at all (the outbox row commits with it)
            outbox.append(Topics.CLAIMS, id.toString(), new ClaimDecided(id.toString(), c.studentEmail(), c.kind().name(),
                    approve ? "APPROVED" : "REJECTED", why, c.sessions().size(), clock.instant()));
        });
        return find(id).orElseThrow();
    }

    /**
     * Retention (docs/rules.md, "What is kept and for how long"): documents never attached to a claim after a day,
     * documents of claims decided longer ago than {@code keep-documents}, and claims decided longer ago than
     * {@code keep-claims} (an open claim is kept until it is decided).
     */
    @Scheduled(fixedDelay = 3_600_000, initialDelay = 150_000)
    void forgetOld() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), props.collegeZone());
        try {
            int loose = jdbc.sql("DELETE FROM absence_claim_documents WHERE claim_id IS NULL AND uploaded_at < ?")
                    .param(Timestamp.from(clock.instant().minus(Duration.ofDays(1)))).update();
            int documents = jdbc.sql("""
                            DELETE FROM absence_claim_documents d USING absence_claims c
                            WHERE d.claim_id = c.claim_id AND c.status <> 'OPEN' AND c.decided_at < ?""")
                    .param(Timestamp.from(today.minus(settings.keepDocuments()).atStartOfDay(props.collegeZone()).toInstant())).update();
            int decided = jdbc.sql("DELETE FROM absence_claims WHERE status <> 'OPEN' AND decided_at < ?")
                    .param(Timestamp.from(today.minus(settings.keepClaims()).atStartOfDay(props.collegeZone()).toInstant())).update();
            if (loose + documents + decided > 0) {
                log.info("claims retention: removed {} unattached and {} decided claims' documents, {} decided claims", loose, documents, decided);
            }
        } catch (RuntimeException e) {
            log.warn("claims retention did not run: {}", e.toString());
        }
    }

    private boolean mayDecide(CurrentUser user, Claim c) {
        if (user.is(Role.ADMIN)) {
            return true;
        }
        return user.is(Role.TEACHER) && c.reviewer() == ClaimKind.Reviewer.TEACHER && jdbc.sql("""
                        SELECT count(*) FROM absence_claim_sessions cs JOIN sessions s ON s.session_id = cs.session_id
                        JOIN subjects sub ON sub.subject_id = s.subject_id WHERE cs.claim_id = ? AND sub.teacher_email = ?""")
                .params(c.claimId(), user.email()).query(Integer.class).single() > 0;
    }

    Optional<Claim> find(UUID id) {
        return claims("c.claim_id = ?", List.of(id), 1).stream().findFirst();
    }

    private static final String SESSION_COLUMNS = """
            s.session_id, s.session_date, s.subject_id, coalesce(co.name, s.subject_id), s.started_at, sub.teacher_email""";
    private static final String SESSION_JOINS = """
            JOIN subjects sub ON sub.subject_id = s.subject_id LEFT JOIN courses co ON co.course_id = sub.course_id""";

    private static CoveredSession covered(java.sql.ResultSet rs, int at) throws java.sql.SQLException {
        return new CoveredSession(rs.getObject(at, UUID.class), rs.getObject(at + 1, LocalDate.class), rs.getString(at + 2),
                rs.getString(at + 3), rs.getTimestamp(at + 4).toInstant(), rs.getString(at + 5));
    }

    /** A session that has begun and has the student on its roster. */
    private Optional<CoveredSession> session(UUID id, String student) {
        return jdbc.sql("SELECT " + SESSION_COLUMNS + " FROM sessions s " + SESSION_JOINS
                        + " WHERE s.session_id = ? AND ? = ANY(s.roster) AND s.started_at <= ?")
                .params(id, student, Timestamp.from(clock.instant()))
                .query((rs, i) -> covered(rs, 1)).optional();
    }

    /** The sessions with the student on their roster held (begun) on the days from–to, in order. */
    private List<CoveredSession> sessionsBetween(String student, LocalDate from, LocalDate to) {
        return jdbc.sql("SELECT " + SESSION_COLUMNS + " FROM sessions s " + SESSION_JOINS
                        + " WHERE ? = ANY(s.roster) AND s.session_date BETWEEN ? AND ? AND s.started_at <= ? ORDER BY s.started_at")
                .params(student, from, to, Timestamp.from(clock.instant()))
                .query((rs, i) -> covered(rs, 1)).list();
    }

    private List<Claim> claims(String where, List<Object> params, int limit) {
        List<Claim> heads = jdbc.sql("""
                        SELECT c.claim_id, c.student_email, coalesce(st.name, c.student_email), st.roll_no, st.class_id, c.kind, c.reviewer,
                               c.from_date, c.to_date, c.comment, c.status, c.filed_at, c.decided_at, c.decided_by, c.decision_note
                        FROM absence_claims c LEFT JOIN students st ON st.email = c.student_email
                        WHERE\s""" + where + " ORDER BY c.filed_at DESC LIMIT " + limit)
                .params(params)
                .query((rs, i) -> new Claim(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), ClaimKind.valueOf(rs.getString(6)), ClaimKind.Reviewer.valueOf(rs.getString(7)),
                        rs.getObject(8, LocalDate.class), rs.getObject(9, LocalDate.class), rs.getString(10), rs.getString(11),
                        rs.getTimestamp(12).toInstant(), instant(rs.getTimestamp(13)), rs.getString(14), rs.getString(15),
                        List.of(), List.of()))
                .list();
        if (heads.isEmpty()) {
            return heads;
        }
        UUID[] ids = heads.stream().map(Claim::claimId).toArray(UUID[]::new);
        Map<UUID, List<CoveredSession>> covered = new LinkedHashMap<>();
        jdbc.sql("SELECT cs.claim_id, " + SESSION_COLUMNS + " FROM absence_claim_sessions cs JOIN sessions s ON s.session_id = cs.session_id "
                        + SESSION_JOINS + " WHERE cs.claim_id = ANY(?) ORDER BY s.started_at")
                .param(ids)
                .query((rs, i) -> covered.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(covered(rs, 2)))
                .list();
        Map<UUID, List<Document>> documents = new LinkedHashMap<>();
        jdbc.sql("SELECT claim_id, document_id, file_name, media_type, size_bytes FROM absence_claim_documents WHERE claim_id = ANY(?) ORDER BY uploaded_at")
                .param(ids)
                .query((rs, i) -> documents.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                        .add(new Document(rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getInt(5))))
                .list();
        return heads.stream().map(c -> new Claim(c.claimId(), c.studentEmail(), c.studentName(), c.rollNo(), c.classId(), c.kind(),
                c.reviewer(), c.from(), c.to(), c.comment(), c.status(), c.filedAt(), c.decidedAt(), c.decidedBy(), c.decisionNote(),
                covered.getOrDefault(c.claimId(), List.of()), documents.getOrDefault(c.claimId(), List.of()))).toList();
    }

    private void audit(String actor, String action, UUID claim, Map<String, ?> after) {
        auditLog.write(actor, action, "claim:" + claim, after);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
