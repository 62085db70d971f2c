package edu.attendance.systemtests.security;

import edu.attendance.ingest.retention.Retention;
import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is kept and for how long, on the real engines: rows past their retention go, younger ones stay — PostgreSQL's
 * audit log, refresh tokens, revoked sign-in families and flag history by ingest's hourly pass; ClickHouse's raw
 * submissions (device, address, evidence) by the table's TTL at its next merge.
 */
class RetentionIT {

    final EmbeddedStack platform = TestStack.get();
    final JdbcTemplate pg = platform.context().getBean(JdbcTemplate.class);

    @Test
    void postgresRowsPastTheirRetentionGoAndYoungerOnesStay() {
        Fixtures.get(); // the admin's account exists (a refresh token names an account)
        String user = "admin@college.test";
        Instant now = Instant.now();
        pg.update("INSERT INTO audit_log (at, actor, action, target) VALUES (?, 'ret@college.test', 'RET_OLD', 'ret-old'), (?, 'ret@college.test', 'RET_NEW', 'ret-new')",
                Timestamp.from(now.minus(Duration.ofDays(1900))), Timestamp.from(now.minus(Duration.ofDays(1000))));
        UUID oldFamily = UUID.randomUUID();
        UUID newFamily = UUID.randomUUID();
        pg.update("INSERT INTO refresh_tokens (token_hash, family_id, email, expires_at) VALUES (?, ?, ?, ?), (?, ?, ?, ?)",
                bytes(), oldFamily, user, Timestamp.from(now.minus(Duration.ofDays(40))),
                bytes(), newFamily, user, Timestamp.from(now.minus(Duration.ofDays(2))));
        pg.update("INSERT INTO revoked_families (family_id, revoked_at) VALUES (?, ?), (?, ?)",
                oldFamily, Timestamp.from(now.minus(Duration.ofDays(40))), newFamily, Timestamp.from(now.minus(Duration.ofDays(40))));
        UUID oldSession = UUID.randomUUID();
        UUID newSession = UUID.randomUUID();
        pg.update("INSERT INTO flag_history (session_id, student_email, flagged_at, flags) VALUES (?, 'ret@college.test', ?, 'BURST'), (?, 'ret@college.test', ?, 'BURST')",
                oldSession, Timestamp.from(now.minus(Duration.ofDays(400))), newSession, Timestamp.from(now.minus(Duration.ofDays(100))));

        platform.context().getBean(Retention.class).run();

        assertThat(pg.queryForList("SELECT target FROM audit_log WHERE actor = 'ret@college.test'", String.class)).containsExactly("ret-new");
        assertThat(pg.queryForList("SELECT family_id FROM refresh_tokens WHERE family_id IN (?, ?)", UUID.class, oldFamily, newFamily))
                .containsExactly(newFamily);
        assertThat(pg.queryForList("SELECT family_id FROM revoked_families WHERE family_id IN (?, ?)", UUID.class, oldFamily, newFamily))
                .as("a revoked family goes only with the last of its tokens").containsExactly(newFamily);
        assertThat(pg.queryForList("SELECT session_id FROM flag_history WHERE student_email = 'ret@college.test'", UUID.class))
                .containsExactly(newSession);
    }

    @Test
    void rawSubmissionsGoAfterAYearByTheTablesTtl() throws Exception {
        try (Connection c = platform.clickhouse(); Statement st = c.createStatement()) {
            List<String> ttl = new ArrayList<>();
            for (String table : List.of("submissions", "alerts", "decisions", "student_subject_daily", "student_subject_monthly", "session_daily")) {
                try (ResultSet rs = st.executeQuery("SELECT create_table_query FROM system.tables WHERE database = currentDatabase() AND name = '" + table + "'")) {
                    rs.next();
                    String q = rs.getString(1);
                    ttl.add(table + ": " + q.substring(q.indexOf("TTL ")).replaceAll(" SETTINGS.*", ""));
                }
            }
            assertThat(ttl).containsExactly("submissions: TTL toDateTime(received_at) + toIntervalDay(365)",
                    "alerts: TTL toDateTime(at) + toIntervalDay(365)", "decisions: TTL session_date + toIntervalDay(1830)",
                    "student_subject_daily: TTL day + toIntervalDay(1830)", "student_subject_monthly: TTL month + toIntervalDay(1830)",
                    "session_daily: TTL day + toIntervalDay(1830)");
            st.execute("INSERT INTO submissions (submission_id, session_id, student_email, method, outcome, received_at, offline, "
                    + "device_id, client_address, risk_score, flags) VALUES "
                    + "('ret-old', 'ret-session', 'ret@college.test', 'QR', 'ACCEPTED', now64(3) - INTERVAL 400 DAY, false, 'd', '10.0.0.1', 0, []), "
                    + "('ret-new', 'ret-session', 'ret@college.test', 'QR', 'ACCEPTED', now64(3) - INTERVAL 300 DAY, false, 'd', '10.0.0.1', 0, [])");
            st.execute("OPTIMIZE TABLE submissions FINAL");
            List<String> left = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT submission_id FROM submissions WHERE session_id = 'ret-session' ORDER BY submission_id")) {
                while (rs.next()) {
                    left.add(rs.getString(1));
                }
            }
            assertThat(left).containsExactly("ret-new");
        }
    }

    private static byte[] bytes() {
        return UUID.randomUUID().toString().getBytes();
    }
}
