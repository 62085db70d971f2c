package edu.attendance.ingest.roster;

import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Imports one roster CSV: header-driven (columns in any order, UTF-8 BOM, quoted fields, CRLF), whole
 * file validated first, then one transaction of set-based upserts. Nothing is written when any row
 * is bad. Re-importing the same file changes nothing (rows are only updated when a value differs).
 */
@Component
public class RosterImporter {

    public record Result(String entity, int created, int updated) {
    }

    private static final Logger log = LoggerFactory.getLogger(RosterImporter.class);
    private static final int CHUNK = 5_000;
    private static final Set<String> LOWER_CASE = Set.of("email", "teacher_email", "student_email", "notify");
    private static final Set<String> UPPER_CASE = Set.of("day_of_week");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public RosterImporter(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public Result importCsv(RosterEntity entity, String csv, String actor) {
        long t0 = System.nanoTime();
        List<RosterValidator.Row> rows = parse(entity, csv);
        long t1 = System.nanoTime();
        RosterValidator.Known known = knownFor(entity, rows);
        long t2 = System.nanoTime();
        List<RosterValidator.Problem> problems = RosterValidator.validate(entity, rows, known);
        long t3 = System.nanoTime();
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return tx.execute(status -> {
            Upserted counts = upsert(entity, rows);
            log.info("roster import {}: {} rows (created {}, updated {}); parse {} ms, lookups {} ms, validate {} ms, write {} ms",
                    entity.path(), rows.size(), counts.created(), counts.updated(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (t3 - t2) / 1_000_000, (System.nanoTime() - t3) / 1_000_000);
            jdbc.update("INSERT INTO audit_log (actor, action, target, after) VALUES (?, 'ROSTER_IMPORT', ?, ?::jsonb)",
                    actor, entity.path(), "{\"rows\":" + rows.size() + ",\"created\":" + counts.created() + ",\"updated\":" + counts.updated() + "}");
            return new Result(entity.path(), counts.created(), counts.updated());
        });
    }

    /** At most this many bad lines are listed (a 100 000-row file of bad rows answered a 7.5 MB problem); the total is given. */
    static final int LISTED_ERRORS = 1_000;

    static ApiException invalid(List<RosterValidator.Problem> problems) {
        List<Map<String, Object>> errors = problems.stream()
                .limit(LISTED_ERRORS)
                .map(p -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("line", p.line());
                    e.put("message", p.message());
                    return e;
                })
                .toList();
        String detail = problems.size() + " bad row(s); nothing imported"
                + (problems.size() > LISTED_ERRORS ? " (the first " + LISTED_ERRORS + " are listed)" : "");
        return new UnprocessableRoster(detail, Map.of("errors", errors, "errorCount", problems.size()));
    }

    /** A roster file with bad rows: 422 VALIDATION_FAILED with every bad line. */
    static final class UnprocessableRoster extends ApiException {
        UnprocessableRoster(String detail, Map<String, Object> extra) {
            super(ErrorCode.VALIDATION_FAILED, detail, extra);
        }

        @Override
        public HttpStatus status() {
            return HttpStatus.UNPROCESSABLE_CONTENT;
        }
    }

    static List<RosterValidator.Row> parse(RosterEntity entity, String csv) {
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setIgnoreSurroundingSpaces(true)
                .setAllowDuplicateHeaderNames(false)
                .get();
        List<RosterValidator.Problem> problems = new ArrayList<>();
        List<RosterValidator.Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> header = parser.getHeaderNames().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
            for (String c : entity.columns()) {
                if (!header.contains(c)) {
                    problems.add(new RosterValidator.Problem(1, "missing column " + c));
                }
            }
            for (String h : header) {
                if (!entity.columns().contains(h)) {
                    problems.add(new RosterValidator.Problem(1, "unknown column " + h));
                }
            }
            if (!problems.isEmpty()) {
                throw invalid(problems);
            }
            for (CSVRecord record : parser) {
                int line = (int) record.getRecordNumber() + 1;
                if (record.size() != header.size()) {
                    problems.add(new RosterValidator.Problem(line, "has " + record.size() + " fields, the header has " + header.size()));
                    continue;
                }
                Map<String, String> values = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    String v = record.get(i);
                    String c = header.get(i);
                    if (LOWER_CASE.contains(c)) {
                        v = v.toLowerCase(Locale.ROOT);
                    } else if (UPPER_CASE.contains(c)) {
                        v = v.toUpperCase(Locale.ROOT);
                    }
                    values.put(c, v);
                }
                rows.add(new RosterValidator.Row(line, values));
            }
        } catch (IllegalArgumentException e) {
            throw invalid(List.of(new RosterValidator.Problem(1, "bad header: " + e.getMessage())));
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            problems.add(new RosterValidator.Problem(rows.size() + 2, "malformed CSV: " + rootMessage(e)));
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return rows;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Loads just what validation of these rows needs from the database. */
    private RosterValidator.Known knownFor(RosterEntity entity, List<RosterValidator.Row> rows) {
        Map<RosterEntity, Set<String>> ids = new HashMap<>();
        for (RosterEntity target : RosterEntity.values()) {
            ids.put(target, Set.of());
        }
        switch (entity) {
            case CLASSES, TEACHERS -> ids.put(RosterEntity.DEPARTMENTS, keys(RosterEntity.DEPARTMENTS));
            case STUDENTS -> ids.put(RosterEntity.CLASSES, keys(RosterEntity.CLASSES));
            case SUBJECTS -> {
                ids.put(RosterEntity.COURSES, keys(RosterEntity.COURSES));
                ids.put(RosterEntity.CLASSES, keys(RosterEntity.CLASSES));
                ids.put(RosterEntity.TEACHERS, keys(RosterEntity.TEACHERS));
            }
            case PERIODS -> ids.put(RosterEntity.SUBJECTS, keys(RosterEntity.SUBJECTS));
            case GUARDIANS -> ids.put(RosterEntity.STUDENTS, keys(RosterEntity.STUDENTS));
            default -> {
            }
        }
        Map<String, String> holders = new HashMap<>();
        String secondary = switch (entity) {
            case CLASSES -> "SELECT class_id, concat_ws('|', department_id, batch, semester, section) FROM classes";
            case STUDENTS -> "SELECT email, concat_ws('|', roll_no, class_id) FROM students";
            case SUBJECTS -> "SELECT subject_id, concat_ws('|', course_id, class_id) FROM subjects";
            case PERIODS -> "SELECT period_id, concat_ws('|', subject_id, day_of_week, period_no) FROM periods";
            default -> null;
        };
        if (secondary != null) {
            jdbc.query(secondary, (ResultSet rs) -> {
                holders.put(rs.getString(2), rs.getString(1));
            });
        }
        Map<String, String> roles = new HashMap<>();
        if (entity == RosterEntity.TEACHERS || entity == RosterEntity.STUDENTS) {
            List<String> emails = rows.stream().map(r -> r.get("email")).filter(e -> e != null).toList();
            for (int i = 0; i < emails.size(); i += CHUNK) {
                List<String> chunk = emails.subList(i, Math.min(emails.size(), i + CHUNK));
                jdbc.execute((ConnectionCallback<Void>) c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT u.email, u.role FROM users u JOIN unnest(?::text[]) AS e(email) ON u.email = e.email")) {
                        ps.setArray(1, c.createArrayOf("text", chunk.toArray()));
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                roles.put(rs.getString(1), rs.getString(2));
                            }
                        }
                    }
                    return null;
                });
            }
        }
        return new RosterValidator.Known() {
            @Override
            public boolean exists(RosterEntity target, String id) {
                return ids.get(target).contains(id);
            }

            @Override
            public String holderOf(RosterEntity e, String uniqueValue) {
                return holders.get(uniqueValue);
            }

            @Override
            public String roleOf(String email) {
                return roles.get(email);
            }
        };
    }

    private Set<String> keys(RosterEntity e) {
        return new HashSet<>(jdbc.queryForList("SELECT " + e.key() + " FROM " + e.table(), String.class));
    }

    private static final Map<String, String> CASTS = Map.of("semester", "integer", "period_no", "integer",
            "start_time", "time", "end_time", "time", "notify", "boolean");

    /** How many rows an upsert inserted and how many it changed (unchanged rows are neither). */
    private record Upserted(int created, int updated) {
    }

    private Upserted upsert(RosterEntity entity, List<RosterValidator.Row> rows) {
        if (entity == RosterEntity.TEACHERS || entity == RosterEntity.STUDENTS) {
            String role = entity == RosterEntity.TEACHERS ? "TEACHER" : "STUDENT";
            upsertSet("users", List.of("email", "name"), Map.of("role", role, "verified", "true"), "email", rows);
        }
        return upsertSet(entity.table(), entity.columns(), Map.of(), entity.key(), rows);
    }

    private Upserted upsertSet(String table, List<String> columns, Map<String, String> constants, String key,
                               List<RosterValidator.Row> rows) {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger updated = new AtomicInteger(); // counted inside the JDBC callback
        List<String> others = columns.stream().filter(c -> !c.equals(key)).toList();
        String select = columns.stream()
                .map(c -> "u." + c + (CASTS.containsKey(c) ? "::" + CASTS.get(c) : ""))
                .collect(Collectors.joining(", "));
        String constantCols = constants.keySet().stream().map(c -> ", " + c).collect(Collectors.joining());
        String constantVals = constants.entrySet().stream()
                .map(e -> e.getKey().equals("verified") ? ", " + e.getValue() : ", '" + e.getValue() + "'")
                .collect(Collectors.joining());
        String set = others.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "))
                + (constants.containsKey("verified") ? ", verified = true" : "");
        String changed = "(" + others.stream().map(c -> table + "." + c).collect(Collectors.joining(", "))
                + (constants.containsKey("verified") ? ", " + table + ".verified" : "")
                + ") IS DISTINCT FROM ("
                + others.stream().map(c -> "EXCLUDED." + c).collect(Collectors.joining(", "))
                + (constants.containsKey("verified") ? ", true" : "") + ")";
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + constantCols + ") "
                + "SELECT " + select + constantVals + " FROM unnest("
                + columns.stream().map(c -> "?::text[]").collect(Collectors.joining(", "))
                + ") AS u(" + String.join(", ", columns) + ") "
                + "ON CONFLICT (" + key + ") DO UPDATE SET " + set + " WHERE " + changed
                + " RETURNING (xmax = 0)";
        for (int i = 0; i < rows.size(); i += CHUNK) {
            List<RosterValidator.Row> chunk = rows.subList(i, Math.min(rows.size(), i + CHUNK));
            jdbc.execute((ConnectionCallback<Void>) c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int col = 0; col < columns.size(); col++) {
                        String name = columns.get(col);
                        Array array = c.createArrayOf("text", chunk.stream().map(r -> r.get(name)).toArray());
                        ps.setArray(col + 1, array);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            (rs.getBoolean(1) ? created : updated).incrementAndGet();
                        }
                    }
                }
                return null;
            });
        }
        return new Upserted(created.get(), updated.get());
    }

    /** The imported rows of an entity, as JSON-ready maps in key order. */
    public List<Map<String, Object>> list(RosterEntity entity) {
        String cols = entity.columns().stream()
                .map(c -> CASTS.getOrDefault(c, "").equals("time") ? "to_char(" + c + ", 'HH24:MI') AS " + c : c)
                .collect(Collectors.joining(", "));
        return jdbc.query("SELECT " + cols + " FROM " + entity.table() + " ORDER BY " + entity.key(), (rs, i) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (String c : entity.columns()) {
                row.put(c, rs.getObject(c));
            }
            return row;
        });
    }
}
