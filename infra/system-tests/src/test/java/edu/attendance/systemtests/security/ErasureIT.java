package edu.attendance.systemtests.security;

import edu.attendance.contracts.Topics;
import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.BurstCollege;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An admin erases a student who has a history: afterwards no PostgreSQL table, no ClickHouse table and no file of the
 * data directory outside the engines' own logs names them (searched column by column and file by file); the erasure's
 * audit row names nobody; the classmate's history is intact; Kafka keeps what is in flight no longer than its bound.
 */
class ErasureIT {

    @TempDir
    Path dir;

    @Test
    void anErasedStudentIsFoundNowhere() throws Exception {
        try (EmbeddedStack p = TestStack.start(dir, Map.of("attendance.erasure.settle", "0s"))) {
            Api api = new Api(p.baseUrl());
            String admin = api.login("admin@college.test");
            api.minimalRoster(admin, "E");
            String teacher = api.login("te@college.test");
            String gone = "ae@college.test";
            String student = api.login(gone);
            Map<String, String> device = Map.of("X-Device-Id", "dev-e", "X-Device-Fingerprint", "fp-dev-e");
            assertThat(api.post("/api/v1/devices", student, Map.of("deviceUuid", "dev-e", "fingerprintHash", "fp-dev-e", "platform", "IOS")).status()).isEqualTo(200);
            String session = api.post("/api/v1/sessions", teacher, Map.of("subjectId", "SE", "durationMinutes", 45)).json().path("sessionId").asString();
            String token = api.get("/api/v1/sessions/" + session + "/qr", teacher).json().path("token").asString();
            assertThat(api.post("/api/v1/scans", student, Map.of("submissionId", UUID.randomUUID().toString(), "qrToken", token,
                    "capturedAt", Instant.now().toString()), device).status()).isEqualTo(202);
            // a teacher's mark of the student after the fact: an audit row that names them
            assertThat(api.post("/api/v1/sessions/" + session + "/marks", teacher, Map.of("studentEmail", gone, "status", "EXCUSED",
                    "reason", "medical")).status()).isEqualTo(202);

            // before: the student downloads what is held about them
            Api.Response mine = api.get("/api/v1/me/data", student);
            assertThat(mine.status()).isEqualTo(200);
            assertThat(mine.json().path("account").path("email").asString()).isEqualTo(gone);
            assertThat(mine.json().path("roster").path("classId").asString()).isEqualTo("CE");
            assertThat(mine.json().path("devices").path(0).path("deviceUuid").asString()).isEqualTo("dev-e");
            assertThat(mine.json().path("signIns").path("active").asInt()).isPositive();
            assertThat(mine.json().path("audit").findValuesAsString("action")).contains("MANUAL_MARK");
            assertThat(api.get("/api/v1/me/data", api.login("be@college.test")).json().path("audit").findValuesAsString("action"))
                    .as("only their own").doesNotContain("MANUAL_MARK");

            // the phone's browser subscribed to notices (the dashboard's own table)
            p.context().getBean(JdbcTemplate.class).update("INSERT INTO push_subscriptions (endpoint, email, p256dh, auth) VALUES (?, ?, 'k', 'a')",
                    "https://fcm.googleapis.com/fcm/send/erasure-test", gone);
            // a ring the nightly pass listed with them, and its answered spot check (batch-reports' tables)
            JdbcTemplate reports = p.context().getBean(JdbcTemplate.class);
            java.util.UUID ring = java.util.UUID.randomUUID();
            reports.update("""
                    INSERT INTO rings (ring_id, class_id, members, member_hashes, members_key, score, shared_classes, together, same_address,
                                       flagged_together, status, first_found_at, last_found_at, status_changed_at)
                    VALUES (?, 'CE', ?, ?, ?, 9, 10, 10, 0, 0, 'CONFIRMED', now(), now(), now())""",
                    ring, new String[]{"be@college.test", gone},
                    new String[]{edu.attendance.contracts.StudentsErased.hash("be@college.test"), edu.attendance.contracts.StudentsErased.hash(gone)},
                    "CE:be@college.test," + gone);
            reports.update("INSERT INTO spot_checks (check_id, ring_id, class_id, requested_by, requested_at, answers) VALUES (?, ?, 'CE', ?, now(), ?::jsonb)",
                    java.util.UUID.randomUUID(), ring, "admin@college.test", "{\"" + gone + "\":\"NOT_IN_ROOM\"}");

            Api.Response open = api.post("/api/v1/admin/erasures", admin, Map.of("studentEmails", List.of(gone)));
            assertThat(open.status()).as("not while their class's session is open").isEqualTo(409);
            assertThat(api.post("/api/v1/sessions/" + session + "/close", teacher, null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> BurstCollege.count(p, "SELECT count() FROM decisions FINAL WHERE class_id = 'CE'") == 2
                    && BurstCollege.count(p, "SELECT count() FROM submissions WHERE session_id = '" + session + "'") >= 1);

            assertThat(api.post("/api/v1/admin/erasures", teacher, Map.of("studentEmails", List.of(gone))).status()).isEqualTo(403);
            assertThat(api.post("/api/v1/admin/erasures", admin, Map.of("studentEmails", List.of(gone), "classId", "CE")).code()).isEqualTo("VALIDATION_FAILED");
            Api.Response erased = api.post("/api/v1/admin/erasures", admin, Map.of("studentEmails", List.of(gone)));
            assertThat(erased.status()).isEqualTo(200);
            assertThat(erased.json().path("students").asInt()).isEqualTo(1);
            String erasureId = erased.json().path("erasureId").asString();
            assertThat(api.post("/api/v1/admin/erasures", admin, Map.of("studentEmails", List.of(gone))).code()).isEqualTo("NOT_FOUND");
            assertThat(api.get("/api/v1/me", student).status()).as("their sign-in ends with them").isIn(401, 403);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(clickHouseMentions(p, gone)).isEmpty());
            // the dashboard forgets the browsers when the erasure reaches it; ingest's tables are emptied at once
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(postgresMentions(p, gone)).isEmpty());
            assertThat(fileMentions(p.dataDir(), gone)).isEmpty();
            assertThat(BurstCollege.count(p, "SELECT count() FROM decisions FINAL WHERE class_id = 'CE'")).as("the classmate's decision stays").isEqualTo(1);
            JdbcTemplate pg = p.context().getBean(JdbcTemplate.class);
            assertThat(pg.queryForList("SELECT after::text FROM audit_log WHERE action = 'STUDENTS_ERASED' AND target = ?", String.class, "erasure:" + erasureId))
                    .singleElement().asString().contains("\"students\": 1").doesNotContain("@");
            // what is in flight: the history topics and the live views go within their retention (the rules' table)
            for (var topic : Topics.ALL) {
                assertThat(topic.config()).as(topic.name()).containsEntry("retention.ms", Long.toString(7L * 24 * 3600 * 1000));
            }
        }
    }

    /** Every table of the history whose any column names the e-mail, with how many rows. */
    private static List<String> clickHouseMentions(EmbeddedStack p, String email) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = p.clickhouse(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("decisions", "submissions", "alerts", "student_subject_daily", "student_subject_monthly", "session_daily");
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count() FROM " + t + " WHERE position(formatRow('TabSeparated', *), '" + email + "') > 0")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        found.add(t + ": " + rs.getLong(1));
                    }
                }
            }
        }
        return found;
    }

    /** Every column of every table of PostgreSQL that names the e-mail. */
    private static List<String> postgresMentions(EmbeddedStack p, String email) {
        JdbcTemplate pg = p.context().getBean(JdbcTemplate.class);
        List<String> found = new ArrayList<>();
        List<Map<String, Object>> columns = pg.queryForList("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND data_type IN ('character varying', 'text', 'jsonb', 'json', 'character', 'ARRAY')""");
        assertThat(columns).extracting(m -> m.get("table_name")).contains("users", "students", "devices", "audit_log", "outbox", "rings", "spot_checks");
        for (Map<String, Object> col : columns) {
            String table = (String) col.get("table_name");
            String column = (String) col.get("column_name");
            Long n = pg.queryForObject("SELECT count(*) FROM \"" + table + "\" WHERE position(? IN \"" + column + "\"::text) > 0", Long.class, email);
            if (n != null && n > 0) {
                found.add(table + "." + column + ": " + n);
            }
        }
        return found;
    }

    /** Files of the data directory naming the e-mail, outside the engines' own stores and the logs. */
    private static List<String> fileMentions(Path data, String email) throws Exception {
        Set<String> engines = Set.of("kafka", "streams", "postgres", "clickhouse", "logs");
        byte[] needle = email.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(data)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                if (engines.contains(data.relativize(f).getName(0).toString())) {
                    continue;
                }
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                if (text.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                    found.add(data.relativize(f).toString());
                }
            }
        }
        return found;
    }
}
