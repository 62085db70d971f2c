package edu.attendance.reports.rings;

import edu.attendance.contracts.StudentsErased;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.clickhouse.ClickHouse;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The rings pass and the rings' store (docs/rules.md, "Rings"): each class's accepted marks of the last
 * {@link RingSettings#window} read from ClickHouse (one class at a time, so a college of any size is read in pieces a
 * class big), judged by {@link RingRules}, and kept in PostgreSQL with their status; and the spot checks asked of them.
 * The pass is idempotent (the same history gives the same rings), so two batch-reports instances running it is harmless.
 */
@Component
class Rings {

    private static final Logger log = LoggerFactory.getLogger(Rings.class);

    enum Status { LISTED, CHECK_REQUESTED, CONFIRMED, CLEARED }

    enum Answer { IN_ROOM, NOT_IN_ROOM, NOT_MARKED }

    public record RingPass(int classes, long marks, int found, int listedNew, int removed) {
    }

    record Stored(UUID ringId, String classId, List<String> members, int score, int sharedClasses, int together,
                  int sameAddress, int flaggedTogether, Status status, Instant firstFoundAt, Instant lastFoundAt) {
    }

    record Check(UUID checkId, UUID ringId, String classId, String requestedBy, Instant requestedAt, String sessionId,
                 String answeredBy, Instant answeredAt, Map<String, Answer> answers) {
    }

    private final ClickHouse clickHouse;
    private final JdbcClient postgres;
    private final TransactionTemplate tx;
    private final RingSettings settings;
    private final AttendanceProperties props;
    private final Clock clock;
    private final JsonMapper json;

    Rings(ClickHouse clickHouse, JdbcClient postgres, TransactionTemplate tx, RingSettings settings, AttendanceProperties props,
          Clock clock, JsonMapper json) {
        this.clickHouse = clickHouse;
        this.postgres = postgres;
        this.tx = tx;
        this.settings = settings;
        this.props = props;
        this.clock = clock;
        this.json = json;
    }

    /** The daily pass: never throws, says what it did. */
    void daily() {
        try {
            RingPass p = run();
            log.info("rings: {} classes, {} marks read, {} rings found ({} new), {} removed", p.classes(), p.marks(), p.found(),
                    p.listedNew(), p.removed());
        } catch (RuntimeException e) {
            log.warn("the rings pass did not run: {}", e.toString());
        }
    }

    /** One pass over every class of the college. */
    RingPass run() {
        Instant now = clock.instant();
        Instant from = now.minus(settings.window());
        LocalDate fromDay = LocalDate.ofInstant(from, props.collegeZone()).minusDays(1);
        List<String> classes = postgres.sql("SELECT class_id FROM classes ORDER BY class_id").query(String.class).list();
        long marks = 0;
        int found = 0;
        int fresh = 0;
        Set<String> seen = new HashSet<>();
        for (String classId : classes) {
            List<RingRules.Mark> m = marks(classId, fromDay, from);
            marks += m.size();
            for (RingRules.Ring ring : RingRules.find(m, settings.rules())) {
                found++;
                seen.add(key(classId, ring.members()));
                if (store(classId, ring, now)) {
                    fresh++;
                }
            }
        }
        int removed = tx.execute(s -> {
            // a ring only listed whose evidence is gone goes; a checked one stays (its answer is the record) until the keep
            List<String> listed = postgres.sql("SELECT members_key FROM rings WHERE status = 'LISTED'").query(String.class).list();
            List<String> gone = listed.stream().filter(k -> !seen.contains(k)).toList();
            int n = gone.isEmpty() ? 0 : postgres.sql("DELETE FROM rings WHERE members_key IN (:keys)").param("keys", gone).update();
            return n + postgres.sql("DELETE FROM rings WHERE last_found_at < ?").param(Timestamp.from(now.minus(settings.keep()))).update();
        });
        return new RingPass(classes.size(), marks, found, fresh, removed);
    }

    /** The class's accepted marks since {@code from}, with whether each was flagged (its score at the threshold). */
    private List<RingRules.Mark> marks(String classId, LocalDate fromDay, Instant from) {
        String db = clickHouse.database();
        return clickHouse.jdbc().query("""
                SELECT s.session_id, s.student_email, if(s.offline AND s.captured_at IS NOT NULL, s.captured_at, s.received_at) AS made,
                       s.client_address, s.risk_score >= ?
                FROM %1$s.submissions AS s
                WHERE s.outcome = 'ACCEPTED' AND s.received_at >= ?
                  AND s.session_id IN (SELECT session_id FROM %1$s.decisions WHERE class_id = ? AND session_date >= ?)
                ORDER BY s.session_id, made
                LIMIT 1 BY s.session_id, s.student_email
                """.formatted(db), (rs, i) -> new RingRules.Mark(rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getBoolean(5)),
                props.capture().riskThreshold(), Timestamp.from(from), classId, java.sql.Date.valueOf(fromDay));
    }

    private static String key(String classId, List<String> members) {
        return classId + ":" + String.join(",", members);
    }

    /** Keeps a found ring: new ones LISTED, a cleared one listed again once it has rested; true when newly listed. */
    private boolean store(String classId, RingRules.Ring ring, Instant now) {
        String key = key(classId, ring.members());
        Timestamp at = Timestamp.from(now);
        String[] members = ring.members().toArray(String[]::new);
        String[] hashes = ring.members().stream().map(StudentsErased::hash).toArray(String[]::new);
        int inserted = postgres.sql("""
                INSERT INTO rings (ring_id, class_id, members, member_hashes, members_key, score, shared_classes, together,
                                   same_address, flagged_together, status, first_found_at, last_found_at, status_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'LISTED', ?, ?, ?)
                ON CONFLICT (members_key) DO NOTHING
                """).params(UUID.randomUUID(), classId, members, hashes, key, ring.score(), ring.shared(), ring.together(),
                ring.sameAddress(), ring.flaggedTogether(), at, at, at).update();
        if (inserted == 1) {
            return true;
        }
        postgres.sql("""
                UPDATE rings SET score = ?, shared_classes = ?, together = ?, same_address = ?, flagged_together = ?, last_found_at = ?,
                       status = CASE WHEN status = 'CLEARED' AND status_changed_at < ? THEN 'LISTED' ELSE status END,
                       status_changed_at = CASE WHEN status = 'CLEARED' AND status_changed_at < ? THEN ? ELSE status_changed_at END
                WHERE members_key = ?
                """).params(ring.score(), ring.shared(), ring.together(), ring.sameAddress(), ring.flaggedTogether(), at,
                Timestamp.from(now.minus(settings.clearedRests())), Timestamp.from(now.minus(settings.clearedRests())), at, key).update();
        return false;
    }

    private static final String RING_COLUMNS = "ring_id, class_id, members, score, shared_classes, together, same_address, "
            + "flagged_together, status, first_found_at, last_found_at";

    private static Stored ring(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Stored(rs.getObject(1, UUID.class), rs.getString(2), List.of((String[]) rs.getArray(3).getArray()), rs.getInt(4),
                rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), Status.valueOf(rs.getString(9)),
                rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant());
    }

    /** The rings of these classes, strongest first (at most 500). */
    List<Stored> ofClasses(List<String> classIds) {
        if (classIds.isEmpty()) {
            return List.of();
        }
        return postgres.sql("SELECT " + RING_COLUMNS + " FROM rings WHERE class_id IN (:classes) ORDER BY score DESC, ring_id LIMIT 500")
                .param("classes", classIds).query(Rings::ring).list();
    }

    Optional<Stored> find(UUID ringId) {
        return postgres.sql("SELECT " + RING_COLUMNS + " FROM rings WHERE ring_id = ?").param(ringId).query(Rings::ring).optional();
    }

    private static final String CHECK_COLUMNS = "check_id, ring_id, class_id, requested_by, requested_at, session_id, answered_by, "
            + "answered_at, answers::text";

    private Check check(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        String answers = rs.getString(9);
        Map<String, Answer> parsed = new LinkedHashMap<>();
        if (answers != null) {
            json.readTree(answers).properties().forEach(e -> parsed.put(e.getKey(), Answer.valueOf(e.getValue().asString())));
        }
        Timestamp answeredAt = rs.getTimestamp(8);
        return new Check(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7), answeredAt == null ? null : answeredAt.toInstant(),
                parsed);
    }

    /** The latest spot check of each of these rings. */
    Map<UUID, Check> latestChecks(List<UUID> ringIds) {
        Map<UUID, Check> out = new LinkedHashMap<>();
        if (ringIds.isEmpty()) {
            return out;
        }
        postgres.sql("SELECT DISTINCT ON (ring_id) " + CHECK_COLUMNS + " FROM spot_checks WHERE ring_id IN (:rings) ORDER BY ring_id, requested_at DESC")
                .param("rings", ringIds).query(this::check).list().forEach(c -> out.put(c.ringId(), c));
        return out;
    }

    /** Asks for a spot check of the ring in its class's next session; one open check per ring. */
    Check requestCheck(UUID ringId, String by) {
        return tx.execute(s -> {
            Stored ring = postgres.sql("SELECT " + RING_COLUMNS + " FROM rings WHERE ring_id = ? FOR UPDATE").param(ringId)
                    .query(Rings::ring).optional()
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no ring " + ringId));
            if (ring.status() == Status.CHECK_REQUESTED) {
                throw new ApiException(ErrorCode.CONFLICT, "a spot check of this ring is already waiting for its class");
            }
            UUID id = UUID.randomUUID();
            Timestamp now = Timestamp.from(clock.instant());
            postgres.sql("INSERT INTO spot_checks (check_id, ring_id, class_id, requested_by, requested_at) VALUES (?, ?, ?, ?, ?)")
                    .params(id, ringId, ring.classId(), by, now).update();
            postgres.sql("UPDATE rings SET status = 'CHECK_REQUESTED', status_changed_at = ? WHERE ring_id = ?").params(now, ringId).update();
            return new Check(id, ringId, ring.classId(), by, now.toInstant(), null, null, null, Map.of());
        });
    }

    /** The class's spot checks waiting for an answer, with their rings. */
    List<Check> openChecks(String classId) {
        return postgres.sql("SELECT " + CHECK_COLUMNS + " FROM spot_checks WHERE class_id = ? AND answered_at IS NULL ORDER BY requested_at")
                .param(classId).query(this::check).list();
    }

    Optional<Check> findCheck(UUID checkId) {
        return postgres.sql("SELECT " + CHECK_COLUMNS + " FROM spot_checks WHERE check_id = ?").param(checkId).query(this::check).optional();
    }

    /**
     * The teacher's answer, in the session it was asked in: every member answered; the ring CONFIRMED when a member marked
     * was not in the room, else CLEARED (and it rests before it can be listed again).
     */
    Check answer(UUID checkId, String sessionId, Map<String, Answer> answers, String by) {
        return tx.execute(s -> {
            Check c = postgres.sql("SELECT " + CHECK_COLUMNS + " FROM spot_checks WHERE check_id = ? FOR UPDATE").param(checkId)
                    .query(this::check).optional()
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no spot check " + checkId));
            if (c.answeredAt() != null) {
                throw new ApiException(ErrorCode.CONFLICT, "this spot check was answered by " + c.answeredBy());
            }
            Stored ring = find(c.ringId()).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no ring " + c.ringId()));
            if (!answers.keySet().equals(new HashSet<>(ring.members()))) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "answer for each of the ring's students, and only them: "
                        + ring.members());
            }
            Timestamp now = Timestamp.from(clock.instant());
            Status next = answers.containsValue(Answer.NOT_IN_ROOM) ? Status.CONFIRMED : Status.CLEARED;
            postgres.sql("UPDATE spot_checks SET session_id = ?, answered_by = ?, answered_at = ?, answers = ?::jsonb WHERE check_id = ?")
                    .params(sessionId, by, now, json.writeValueAsString(answers), checkId).update();
            postgres.sql("UPDATE rings SET status = ?, status_changed_at = ? WHERE ring_id = ?").params(next.name(), now, ring.ringId()).update();
            return new Check(c.checkId(), c.ringId(), c.classId(), c.requestedBy(), c.requestedAt(), sessionId, by, now.toInstant(),
                    new LinkedHashMap<>(answers));
        });
    }

    /** An erasure: every ring naming an erased student goes, with its spot checks. */
    int erase(List<String> emailHashes) {
        return emailHashes.isEmpty() ? 0 : postgres.sql("DELETE FROM rings WHERE member_hashes && ?::text[]")
                .param(emailHashes.toArray(String[]::new)).update();
    }

    /** The members' names and roll numbers, from the roster. */
    Map<String, String[]> names(List<String> emails) {
        Map<String, String[]> out = new LinkedHashMap<>();
        if (emails.isEmpty()) {
            return out;
        }
        postgres.sql("SELECT s.email, u.name, s.roll_no FROM students s JOIN users u ON u.email = s.email WHERE s.email IN (:emails)")
                .param("emails", new ArrayList<>(new HashSet<>(emails)))
                .query((rs, i) -> out.put(rs.getString(1), new String[]{rs.getString(2), rs.getString(3)})).list();
        return out;
    }
}
