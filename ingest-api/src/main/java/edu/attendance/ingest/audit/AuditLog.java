package edu.attendance.ingest.audit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The audit log's rows (written by the modules that change what is audited; read here), newest first. */
@Component
public class AuditLog {

    public record Entry(Instant at, String actor, String action, String target, JsonNode before, JsonNode after) {
    }

    /** An entry and its position, for paging. */
    public record Row(long id, Entry entry) {
    }

    /**
     * What to read: an actor's e-mail, a part of the target (matched literally, any case), a span of time
     * ({@code from} included, {@code to} excluded), entries before the id {@code before}; any of them may be null.
     */
    public record Query(String actor, String targetPart, Instant from, Instant to, Long before, int limit) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The rows that name any of {@code :people} — as the actor, in the target or in what changed: one rule for what a
     * person's data export shows and what their erasure removes.
     */
    private static final String NAMING = """
            EXISTS (SELECT 1 FROM unnest(CAST(:people AS text[])) e WHERE position(e IN a.actor) > 0
                OR position(e IN a.target) > 0 OR position(e IN coalesce(a.before::text, '')) > 0
                OR position(e IN coalesce(a.after::text, '')) > 0)""";

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Row> find(Query q) {
        String like = q.targetPart() == null ? null
                : "%" + q.targetPart().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("""
                        SELECT id, at, actor, action, target, before::text, after::text FROM audit_log
                        WHERE (CAST(:actor AS text) IS NULL OR actor = :actor)
                          AND (CAST(:target AS text) IS NULL OR target ILIKE :target)
                          AND (CAST(:start AS timestamptz) IS NULL OR at >= :start)
                          AND (CAST(:end AS timestamptz) IS NULL OR at < :end)
                          AND (CAST(:before AS bigint) IS NULL OR id < :before)
                        ORDER BY id DESC LIMIT :limit
                        """)
                .param("actor", q.actor()).param("target", like)
                .param("start", q.from() == null ? null : Timestamp.from(q.from()))
                .param("end", q.to() == null ? null : Timestamp.from(q.to()))
                .param("before", q.before()).param("limit", q.limit())
                .query((rs, i) -> new Row(rs.getLong(1), new Entry(rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), json(rs.getString(6)), json(rs.getString(7)))))
                .list();
    }

    /** Writes an entry (in the caller's transaction); {@code after} is what the action made, as JSON. */
    public void write(String actor, String action, String target, Map<String, ?> after) {
        jdbc.sql("INSERT INTO audit_log (actor, action, target, after) VALUES (?, ?, ?, CAST(? AS jsonb))")
                .params(actor, action, target, JSON.writeValueAsString(after)).update();
    }

    /** Every entry that names {@code email}, oldest first. */
    public List<Entry> naming(String email) {
        return jdbc.sql("SELECT at, actor, action, target, before::text, after::text FROM audit_log a WHERE " + NAMING + " ORDER BY id")
                .param("people", new String[]{email})
                .query((rs, i) -> new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4),
                        json(rs.getString(5)), json(rs.getString(6))))
                .list();
    }

    /** Deletes every entry that names any of {@code emails} (in the caller's transaction); how many. */
    public int forget(String[] emails) {
        return jdbc.sql("DELETE FROM audit_log a WHERE " + NAMING).param("people", emails).update();
    }

    private static JsonNode json(String text) {
        return text == null ? null : JSON.readTree(text);
    }
}
