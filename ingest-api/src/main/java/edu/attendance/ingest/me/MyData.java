package edu.attendance.ingest.me;

import edu.attendance.ingest.audit.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything ingest holds about the person asking (docs/rules.md, "What is kept and for how long"), machine-readable:
 * the account, the roster row, every phone with its fingerprint, live sign-ins, the flag history and every audit row
 * that names them. Their attendance history is the dashboard's {@code /api/v1/me/attendance} (named in the export).
 */
@Component
class MyData {

    static final String HISTORY = "/api/v1/me/attendance";

    public record Export(Account account, RosterEntry roster, Guardian guardian, List<Device> devices, SignIns signIns, List<Flag> flags,
                         List<AbsenceClaim> claims, List<LmsAccount> lmsAccounts, List<MeetingStay> meetings, List<AuditEntry> audit,
                         String attendanceHistory,
                         Instant exportedAt) {
    }

    /** The person's time in an online class's meeting (its reports' stays, merged) and the check-ins they answered. */
    public record MeetingStay(UUID sessionId, List<String> intervals, int checkInsAnswered) {
    }

    /** Who the person is in a registered LMS (learned at a launch or from a course roster). */
    public record LmsAccount(String lms, String lmsUserId) {
    }

    /** The guardian the college holds for a student, and whether they are told anything. */
    public record Guardian(String name, String email, boolean mayBeTold) {
    }

    /** An absence claim with its sessions and the names of its documents (the documents are downloaded from the claim). */
    public record AbsenceClaim(UUID claimId, String kind, LocalDate from, LocalDate to, String comment, String status,
                               Instant filedAt, Instant decidedAt, String decisionNote, List<UUID> sessions, List<String> documents) {
    }

    public record Account(String email, String name, String role, boolean verified, boolean blocked, String blockedReason,
                          Instant createdAt) {
    }

    public record RosterEntry(String rollNo, String classId) {
    }

    /**
     * {@code key}: PASSKEY or INSTALL_KEY (null: none); {@code keyId}: its credential id (an install key's: the digest of
     * its public key); {@code keySynced}: a passkey the phone's vendor may copy to the owner's other devices.
     */
    public record Device(UUID deviceId, String deviceUuid, String fingerprintHash, String platform, String integrity,
                         String status, Instant requestedAt, Instant decidedAt, String key, String keyId, boolean keySynced,
                         Instant keyAddedAt) {
    }

    public record SignIns(int active, Instant lastExpiry) {
    }

    public record Flag(UUID sessionId, Instant flaggedAt, String flags, Instant clearedAt) {
    }

    public record AuditEntry(Instant at, String actor, String action, String target) {
    }

    private final JdbcClient jdbc;
    private final AuditLog auditLog;

    MyData(JdbcClient jdbc, AuditLog auditLog) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
    }

    Optional<Export> of(String email, Instant now) {
        Optional<Account> account = jdbc.sql("SELECT email, name, role, verified, blocked, blocked_reason, created_at FROM users WHERE email = ?")
                .param(email).query((rs, i) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getBoolean(5), rs.getString(6), instant(rs.getTimestamp(7)))).optional();
        if (account.isEmpty()) {
            return Optional.empty();
        }
        RosterEntry roster = jdbc.sql("SELECT roll_no, class_id FROM students WHERE email = ?").param(email)
                .query((rs, i) -> new RosterEntry(rs.getString(1), rs.getString(2))).optional().orElse(null);
        Guardian guardian = jdbc.sql("SELECT name, email, notify FROM guardians WHERE student_email = ?").param(email)
                .query((rs, i) -> new Guardian(rs.getString(1), rs.getString(2), rs.getBoolean(3))).optional().orElse(null);
        List<Device> devices = jdbc.sql("""
                SELECT device_id, device_uuid, fingerprint_hash, platform, integrity, status, requested_at, decided_at,
                       key_kind, credential_id, key_synced, key_added_at
                FROM devices WHERE user_email = ? ORDER BY requested_at""").param(email)
                .query((rs, i) -> new Device(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)),
                        rs.getString(9), rs.getString(10), rs.getBoolean(11), instant(rs.getTimestamp(12)))).list();
        SignIns signIns = jdbc.sql("SELECT count(*), max(expires_at) FROM refresh_tokens WHERE email = ? AND NOT revoked AND expires_at > ?")
                .params(email, Timestamp.from(now)).query((rs, i) -> new SignIns(rs.getInt(1), instant(rs.getTimestamp(2)))).single();
        List<Flag> flags = jdbc.sql("SELECT session_id, flagged_at, flags, cleared_at FROM flag_history WHERE student_email = ? ORDER BY flagged_at")
                .param(email).query((rs, i) -> new Flag(rs.getObject(1, UUID.class), instant(rs.getTimestamp(2)), rs.getString(3),
                        instant(rs.getTimestamp(4)))).list();
        List<AbsenceClaim> claims = jdbc.sql("""
                SELECT c.claim_id, c.kind, c.from_date, c.to_date, c.comment, c.status, c.filed_at, c.decided_at, c.decision_note,
                       ARRAY(SELECT session_id::text FROM absence_claim_sessions cs WHERE cs.claim_id = c.claim_id),
                       ARRAY(SELECT file_name FROM absence_claim_documents d WHERE d.claim_id = c.claim_id ORDER BY uploaded_at)
                FROM absence_claims c WHERE c.student_email = ? ORDER BY c.filed_at""").param(email)
                .query((rs, i) -> new AbsenceClaim(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, LocalDate.class),
                        rs.getObject(4, LocalDate.class), rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)),
                        instant(rs.getTimestamp(8)), rs.getString(9),
                        Arrays.stream((String[]) rs.getArray(10).getArray()).map(UUID::fromString).toList(),
                        List.of((String[]) rs.getArray(11).getArray()))).list();
        List<LmsAccount> lms = jdbc.sql("SELECT p.name, u.lti_user_id FROM lti_users u JOIN lti_platforms p USING (platform_id) "
                        + "WHERE u.email = ? ORDER BY 1, 2")
                .param(email).query((rs, i) -> new LmsAccount(rs.getString(1), rs.getString(2))).list();
        List<MeetingStay> meetings = jdbc.sql("""
                SELECT m.session_id, m.intervals, (SELECT count(*) FROM check_in_answers a JOIN check_ins c USING (check_in_id)
                    WHERE c.session_id = m.session_id AND a.student_email = m.student_email AND a.answered_at IS NOT NULL)
                FROM meeting_attendance m WHERE m.student_email = ? ORDER BY 1""")
                .param(email).query((rs, i) -> new MeetingStay(rs.getObject(1, UUID.class), List.of((String[]) rs.getArray(2).getArray()),
                        rs.getInt(3))).list();
        List<AuditEntry> audit = auditLog.naming(email).stream()
                .map(e -> new AuditEntry(e.at(), e.actor(), e.action(), e.target())).toList();
        return Optional.of(new Export(account.get(), roster, guardian, devices, signIns, flags, claims, lms, meetings, audit, HISTORY, now));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
