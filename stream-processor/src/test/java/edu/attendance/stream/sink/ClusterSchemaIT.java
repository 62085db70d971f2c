package edu.attendance.stream.sink;

import edu.attendance.engines.chdb.ChdbLibrary;
import edu.attendance.engines.chdb.ChdbProcess;
import edu.attendance.platform.clickhouse.ClickHouseMigrator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster schema ({@code clickhouse-cluster/}, chosen by {@code attendance.clickhouse.cluster}) checked by chDB as far
 * as one process can: every statement parses; every DDL runs ON CLUSTER with replicated engines; and a rehearsal — the
 * same statements with ON CLUSTER and replication taken out, on a one-shard cluster that is chDB itself — builds tables
 * with exactly the single-server schema's columns, and the sink's insert and the readers' queries work through the
 * Distributed tables (deduplicated replays, FINAL, the rollup). Keeper, ON CLUSTER's DDL queue and replication itself
 * need real servers (infra/deploy/compose).
 */
class ClusterSchemaIT {

    private static final String CLUSTER = "attendance";
    private static final List<String> TABLES = List.of("decisions", "submissions", "alerts", "student_subject_daily",
            "student_subject_monthly", "session_daily");

    @TempDir
    static Path dir;
    static ChdbProcess chdb;
    static Connection connection;

    @BeforeAll
    static void start() throws IOException {
        Path config = dir.resolve("cluster.xml");
        try (InputStream in = ClusterSchemaIT.class.getResourceAsStream("/chdb-one-shard-cluster.xml")) {
            Files.write(config, in.readAllBytes());
        }
        chdb = ChdbProcess.start(ChdbLibrary.locate(), dir.resolve("ch"), dir.resolve("chdb.log"), Duration.ofSeconds(60), 0, config);
        try {
            connection = chdb.connect("default");
        } catch (SQLException e) {
            throw new IOException(e);
        }
        assertThat(query("SELECT is_local FROM system.clusters WHERE cluster = '" + CLUSTER + "'")).isEqualTo("1");
        for (String db : List.of("single", "rehearsal")) {
            run("CREATE DATABASE IF NOT EXISTS " + db);
        }
        for (Resource r : ClickHouseMigrator.scripts("clickhouse")) {
            ClickHouseMigrator.statements(r, "single", "").forEach(ClusterSchemaIT::run);
        }
        for (Resource r : ClickHouseMigrator.scripts("clickhouse-cluster")) {
            ClickHouseMigrator.statements(r, "rehearsal", CLUSTER).forEach(s -> run(rehearsal(s)));
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        if (connection != null) {
            connection.close();
        }
        if (chdb != null) {
            chdb.close();
        }
    }

    @Test
    void bothSchemasHaveTheSameVersions() {
        assertThat(ClickHouseMigrator.scripts("clickhouse-cluster").stream().map(Resource::getFilename))
                .isNotEmpty()
                .containsExactlyElementsOf(ClickHouseMigrator.scripts("clickhouse").stream().map(Resource::getFilename).toList());
    }

    @Test
    void everyStatementParses() {
        for (Resource r : ClickHouseMigrator.scripts("clickhouse-cluster")) {
            for (String s : ClickHouseMigrator.statements(r, "attendance", CLUSTER)) {
                assertThat(query("EXPLAIN AST " + s)).as(r.getFilename()).isNotEmpty();
            }
        }
    }

    @Test
    void everyDefinitionRunsOnTheClusterWithReplicatedTables() {
        Pattern engine = Pattern.compile("ENGINE\\s*=\\s*(\\w+)\\(([^)]*)");
        for (Resource r : ClickHouseMigrator.scripts("clickhouse-cluster")) {
            for (String s : ClickHouseMigrator.statements(r, "attendance", CLUSTER)) {
                String head = s.lines().filter(l -> !l.strip().startsWith("--")).findFirst().orElseThrow();
                if (head.startsWith("CREATE") || head.startsWith("ALTER")) {
                    assertThat(head).as(r.getFilename()).contains("ON CLUSTER '" + CLUSTER + "'");
                }
                Matcher m = engine.matcher(s);
                while (m.find()) {
                    String name = m.group(1);
                    if (name.contains("MergeTree")) {
                        assertThat(name).as(r.getFilename()).startsWith("Replicated");
                        assertThat(m.group(2)).as(r.getFilename()).contains("{shard}", "'{replica}'");
                    } else {
                        assertThat(name).as(r.getFilename()).isEqualTo("Distributed");
                        assertThat(m.group(2)).startsWith("'" + CLUSTER + "'");
                    }
                }
            }
        }
    }

    @Test
    void theDistributedTablesHaveTheSingleServerColumns() {
        for (String t : TABLES) {
            String single = columns("single", t);
            assertThat(columns("rehearsal", t)).as(t).isEqualTo(single);
            assertThat(columns("rehearsal", t + "_local")).as(t + "_local").isEqualTo(single);
            assertThat(query("SELECT engine FROM system.tables WHERE database = 'rehearsal' AND name = '" + t + "'")).isEqualTo("Distributed");
        }
    }

    @Test
    void theSinksInsertAndTheReadersQueriesWorkThroughTheShards() {
        String first = "('s1','a@c.test','CS1','C1','2026-12-01','PRESENT','','QR','2026-12-01 09:00:00','2026-12-01 09:00:01',false,'sub1',[],1)";
        String override = "('s1','a@c.test','CS1','C1','2026-12-01','EXCUSED','PRESENT','MANUAL','2026-12-01 09:00:00','2026-12-01 10:00:00',false,'',[],2)";
        String other = "('s1','b@c.test','CS1','C1','2026-12-01','LATE','','OTP','2026-12-01 09:12:00','2026-12-01 09:12:01',false,'sub2',[],1)";
        String insert = "INSERT INTO rehearsal.decisions (session_id, student_email, subject_id, class_id, session_date, status, previous_status,"
                + " method, at, decided_at, offline, submission_id, flags, version) SETTINGS distributed_foreground_insert = 1,"
                + " deduplicate_blocks_in_dependent_materialized_views = 1, insert_deduplication_token = '%s' VALUES %s";
        run(insert.formatted("decisions-0-0-1", first + "," + other));
        run(insert.formatted("decisions-0-0-1", first + "," + other)); // a replayed batch: same token, written once
        run(insert.formatted("decisions-0-2-2", override));

        assertThat(query("SELECT count() FROM rehearsal.decisions_local")).isEqualTo("3");
        assertThat(query("SELECT student_email, status FROM rehearsal.decisions FINAL ORDER BY student_email"))
                .isEqualTo("a@c.test\tEXCUSED\nb@c.test\tLATE");
        assertThat(query("SELECT sum(held), sum(present), sum(late), sum(excused) FROM rehearsal.student_subject_daily"
                + " WHERE class_id = 'C1' AND subject_id = 'CS1'")).isEqualTo("2\t0\t1\t1");
        assertThat(query("SELECT sum(held), sum(present), sum(late), sum(excused) FROM rehearsal.student_subject_monthly"
                + " WHERE class_id = 'C1' AND month = '2026-12-01'")).isEqualTo("2\t0\t1\t1");
        assertThat(query("SELECT session_id, sum(held), sum(present), sum(late), sum(excused) FROM rehearsal.session_daily"
                + " GROUP BY session_id")).isEqualTo("s1\t2\t0\t1\t1");
    }

    /** The statement a one-server cluster without Keeper can run: no ON CLUSTER, the replicated engines' own kind. */
    static String rehearsal(String statement) {
        return statement.replace(" ON CLUSTER '" + CLUSTER + "'", "")
                .replaceAll("Replicated(\\w*MergeTree)\\('[^']*',\\s*'[^']*'(,\\s*)?", "$1(")
                .replace("replicated_deduplication_window", "non_replicated_deduplication_window");
    }

    private static String columns(String db, String table) {
        return query("SELECT name, type FROM system.columns WHERE database = '" + db + "' AND table = '" + table + "' ORDER BY position");
    }

    private static void run(String sql) {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e.getMessage() + "\n" + sql, e);
        }
    }

    /** The rows, tab-separated, one per line. */
    private static String query(String sql) {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(String.join("\t", row));
            }
            return String.join("\n", rows);
        } catch (SQLException e) {
            throw new AssertionError(e.getMessage() + "\n" + sql, e);
        }
    }
}
