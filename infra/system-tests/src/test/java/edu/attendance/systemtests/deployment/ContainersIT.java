package edu.attendance.systemtests.deployment;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.TestStack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The capture flow on the official images instead of the embedded engines: Kafka ({@code apache/kafka}) and ClickHouse
 * ({@code clickhouse/clickhouse-server}) in containers, the services as in every other test. For a contributor with a
 * Docker engine; where there is none (as on the build machine) JUnit reports it skipped. It does not replace the
 * embedded tests, which run everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.3.1");

    @Container
    static final ClickHouseContainer CLICKHOUSE = new ClickHouseContainer("clickhouse/clickhouse-server:26.7");

    @TempDir
    Path dir;

    @Test
    void aScanBecomesADecisionInTheOfficialEngines() throws Exception {
        try (EmbeddedStack p = TestStack.start(dir, Map.of("spring.kafka.bootstrap-servers", KAFKA.getBootstrapServers(),
                "attendance.clickhouse.url", CLICKHOUSE.getJdbcUrl(), "attendance.clickhouse.username", CLICKHOUSE.getUsername(),
                "attendance.clickhouse.password", CLICKHOUSE.getPassword()))) {
            Api api = new Api(p.baseUrl());
            String admin = api.login("admin@college.test");
            api.minimalRoster(admin, "TC");
            String teacher = api.login("ttc@college.test");
            String student = api.login("atc@college.test");
            api.post("/api/v1/devices", student, Map.of("deviceUuid", "dev-tc", "fingerprintHash", "fp-dev-tc", "platform", "IOS"));
            String session = api.post("/api/v1/sessions", teacher, Map.of("subjectId", "STC", "durationMinutes", 45)).json()
                    .path("sessionId").asString();
            String qr = api.get("/api/v1/sessions/" + session + "/qr", teacher).json().path("token").asString();
            UUID submission = UUID.randomUUID();
            assertThat(api.post("/api/v1/scans", student, Map.of("submissionId", submission.toString(), "qrToken", qr,
                    "capturedAt", Instant.now().toString()), Map.of("X-Device-Id", "dev-tc", "X-Device-Fingerprint", "fp-dev-tc"))
                    .status()).isEqualTo(202);
            assertThat(api.post("/api/v1/sessions/" + session + "/close", teacher, null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                try (Connection c = DriverManager.getConnection(CLICKHOUSE.getJdbcUrl(), CLICKHOUSE.getUsername(), CLICKHOUSE.getPassword());
                     Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT student_email, status, submission_id FROM attendance.decisions FINAL WHERE session_id = '"
                             + session + "' ORDER BY student_email")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3)).isEqualTo("atc@college.test PRESENT " + submission);
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1) + " " + rs.getString(2)).isEqualTo("btc@college.test ABSENT");
                }
            });
            assertThat(api.get("/api/v1/sessions/" + session + "/live", teacher).json().path("counts").path("present").asInt()).isEqualTo(1);
        }
    }
}
