package edu.attendance.engines;

import edu.attendance.engines.chdb.ChdbLibrary;
import edu.attendance.engines.chdb.ChdbProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official clickhouse-jdbc driver against chDB behind the embedded HTTP front. */
class ChdbJdbcIT {

    @TempDir
    static Path dir;
    static ChdbProcess chdb;

    @BeforeAll
    static void start() throws Exception {
        chdb = ChdbProcess.start(ChdbLibrary.locate(), dir.resolve("ch"), dir.resolve("chdb.log"), Duration.ofSeconds(60));
        try (Connection c = chdb.connect("default"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS it");
        }
    }

    @AfterAll
    static void stop() {
        if (chdb != null) {
            chdb.close();
        }
    }

    @Test
    void pingAnswersOk() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + chdb.port() + "/ping")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Ok.\n");
    }

    /**
     * Any local user can reach the loopback port: a query needs the front's password, in any of ClickHouse's ways
     * (Basic, X-ClickHouse-User/Key, user/password parameters), and the password file is its owner's only.
     */
    @Test
    void aQueryWithoutTheCredentialsIsRefusedAsClickHouseRefusesIt() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI query = URI.create("http://127.0.0.1:" + chdb.port() + "/?query=SELECT%201");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(query).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.headers().firstValue("X-ClickHouse-Exception-Code")).contains("516");
        assertThat(anonymous.body()).contains("AUTHENTICATION_FAILED").doesNotContain("1\n");
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(query).header("X-ClickHouse-User", "default")
                .header("X-ClickHouse-Key", chdb.password() + "x").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<String> otherUser = http.send(HttpRequest.newBuilder(query).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + chdb.password()).getBytes())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(otherUser.statusCode()).isEqualTo(403);

        HttpResponse<String> headers = http.send(HttpRequest.newBuilder(query).header("X-ClickHouse-User", "default")
                .header("X-ClickHouse-Key", chdb.password()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(headers.statusCode()).isEqualTo(200);
        assertThat(headers.body()).isEqualTo("1\n");
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(query).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("default:" + chdb.password()).getBytes())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(200);
        HttpResponse<String> params = http.send(HttpRequest.newBuilder(URI.create(query + "&user=default&password=" + chdb.password()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(params.statusCode()).isEqualTo(200);
        assertThat(Files.getPosixFilePermissions(dir.resolve("ch.password")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    /** A request's settings apply to it alone: the shared session keeps them only while the next request asks for the same. */
    @Test
    void aRequestsSettingsApplyToItAloneOnTheSharedSession() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        java.util.function.Function<String, String> ask = params -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + chdb.port()
                                + "/?query=SELECT%20getSetting('max_threads')" + params)).header("X-ClickHouse-User", "default")
                        .header("X-ClickHouse-Key", chdb.password()).build(), HttpResponse.BodyHandlers.ofString()).body().strip();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        String usual = ask.apply("");
        assertThat(ask.apply("&max_threads=3")).isEqualTo("3");
        assertThat(ask.apply("&max_threads=3")).isEqualTo("3");
        assertThat(ask.apply("")).as("left out: back to the default").isEqualTo(usual);
        assertThat(ask.apply("&max_threads=5")).isEqualTo("5");
        assertThat(ask.apply("&max_threads=2")).isEqualTo("2");
        assertThat(ask.apply("")).isEqualTo(usual);
    }

    @Test
    void ddlBatchInsertAndSelectThroughTheDriver() throws Exception {
        try (Connection c = chdb.connect("it")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS t1 (id UInt32, name String, at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY id");
            }
            Instant at = Instant.parse("2026-11-21T09:00:05.123Z");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t1 (id, name, at) VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 500; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "n'\t\\" + i);
                    ps.setTimestamp(3, Timestamp.from(at));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(), sum(id), any(name), min(at) FROM t1 WHERE id <= 500")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(500);
                assertThat(rs.getLong(2)).isEqualTo(500L * 501 / 2);
                assertThat(rs.getString(3)).startsWith("n'\t\\");
                assertThat(rs.getTimestamp(4).toInstant()).isEqualTo(at);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM t1 WHERE id = ?")) {
                ps.setInt(1, 7);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("n'\t\\7");
                }
            }
        }
    }

    @Test
    void errorsSurfaceAsSqlExceptionWithTheClickHouseCode() throws Exception {
        try (Connection c = chdb.connect("it"); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(60));
            assertThatThrownBy(() -> s.executeQuery("SELEC 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(62));
            // the session is still usable after errors
            try (ResultSet rs = s.executeQuery("SELECT 41 + 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }
}
