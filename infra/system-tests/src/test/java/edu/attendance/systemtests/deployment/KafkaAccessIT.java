package edu.attendance.systemtests.deployment;

import edu.attendance.engines.kafka.EmbeddedKafka;
import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.platform.kafka.KafkaAccess;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.TestStack;
import edu.attendance.systemtests.resilience.StreamProcessorProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The platform on a Kafka that signs every client in (SASL SCRAM-SHA-512) and allows each only what its ACLs grant
 * ({@link KafkaAccess}, the list the deployment's {@code KafkaUser}s follow): the HTTP services as one user with the
 * ingest, dashboard and reports grants, the stream processor as a process of its own with the stream's. A scan is
 * decided, reaches the teacher's live view and the history; and the doors hold: the API's user cannot write a decision,
 * the dashboard's cannot read a submission, a wrong password signs nobody in.
 */
class KafkaAccessIT {

    static final String EMBEDDED = "attendance-embedded";

    @TempDir
    Path dir;

    @Test
    void eachServiceDoesWhatItsGrantsAllowAndNothingElse() throws Exception {
        EmbeddedKafka.Sasl sasl = users(EMBEDDED, dir.resolve("tls"));
        try (EmbeddedKafka kafka = EmbeddedKafka.startSecured(dir.resolve("kafka"), sasl)) {
            try (Admin admin = Admin.create(client(kafka, sasl, "admin"))) {
                admin.createAcls(grants(EMBEDDED, List.of(KafkaAccess.Service.INGEST, KafkaAccess.Service.DASHBOARD,
                        KafkaAccess.Service.REPORTS))).all().get();
            }
            Map<String, Object> stackProps = new HashMap<>(Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "attendance.stream.enabled", "false", "attendance.sessions.qr-rotation-seconds", "60"));
            signIn(sasl, EMBEDDED, stackProps);
            try (EmbeddedStack platform = TestStack.start(dir.resolve("platform"), stackProps)) {
                StreamProcessorProcess stream = StreamProcessorProcess.start(platform, dir.resolve("stream"), "secured-1",
                        signInEnv(sasl, KafkaAccess.Service.STREAM.user()));
                try {
                    await().atMost(Duration.ofSeconds(120)).until(stream::started);
                    Api api = new Api(platform.baseUrl());
                    String admin = api.login("admin@college.test");
                    api.importRoster(admin, new String[][] {
                            {"departments", "department_id,name\nDK,Dept K\n"},
                            {"classes", "class_id,department_id,batch,semester,section\nCK,DK,2024,1,A\n"},
                            {"courses", "course_id,name\nKK,Course K\n"},
                            {"teachers", "email,name,designation,department_id\ntk@college.test,T,Lecturer,DK\n"},
                            {"students", "email,name,roll_no,class_id\nsk@college.test,S,1,CK\n"},
                            {"subjects", "subject_id,course_id,class_id,teacher_email\nSK,KK,CK,tk@college.test\n"}});
                    String teacher = api.login("tk@college.test");
                    String student = api.login("sk@college.test");
                    assertThat(api.post("/api/v1/devices", student, Map.of("deviceUuid", "dk", "fingerprintHash", "fp-device-k1", "platform", "IOS"))
                            .json().path("status").asString()).isEqualTo("ACTIVE");
                    String session = api.post("/api/v1/sessions", teacher, Map.of("subjectId", "SK", "durationMinutes", 30))
                            .json().path("sessionId").asString();
                    String qr = api.get("/api/v1/sessions/" + session + "/qr", teacher).json().path("token").asString();
                    Api.Response scan = api.post("/api/v1/scans", student, Map.of("submissionId", UUID.randomUUID().toString(),
                            "qrToken", qr, "capturedAt", Instant.now().toString()), Map.of("X-Device-Id", "dk", "X-Device-Fingerprint", "fp-device-k1"));
                    assertThat(scan.status()).as(scan.text()).isEqualTo(202);
                    // decided by the stream's user, shown by the dashboard's, kept by the history sinks
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.get("/api/v1/sessions/" + session + "/live", teacher)
                            .json().path("counts").path("present").asInt()).isEqualTo(1));
                    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                        try (Connection c = platform.clickhouse(); Statement st = c.createStatement();
                             ResultSet rs = st.executeQuery("SELECT status FROM decisions FINAL WHERE session_id = '" + session + "'")) {
                            assertThat(rs.next()).isTrue();
                            assertThat(rs.getString(1)).isEqualTo("PRESENT");
                        }
                    });
                } finally {
                    stream.close();
                }
            }

            // the doors: the API's user forging a decision, the dashboard's reading submissions, a wrong password
            Map<String, Object> ingest = client(kafka, sasl, KafkaAccess.Service.INGEST.user());
            ingest.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(ingest, new StringSerializer(), new StringSerializer())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("attendance.decisions", "forged", "{}")).get())
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
            Map<String, Object> dashboard = client(kafka, sasl, KafkaAccess.Service.DASHBOARD.user());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(dashboard, new StringDeserializer(), new StringDeserializer())) {
                consumer.assign(List.of(new org.apache.kafka.common.TopicPartition("attendance.submissions", 0)));
                consumer.seekToBeginning(consumer.assignment());
                assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
            }
            Map<String, Object> stranger = new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
            stranger.putAll(new EmbeddedKafka.Sasl(Map.of("admin", "not-the-password"), "admin", sasl.tls()).clientProperties("admin"));
            try (Admin intruder = Admin.create(stranger)) {
                assertThatThrownBy(() -> intruder.listTopics().names().get()).hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    /**
     * Every service's grants to its own user, and {@code shared}'s also to {@code embeddedUser}: the services that share
     * one process (and one sign-in) in the embedded stack.
     */
    static List<AclBinding> grants(String embeddedUser, List<KafkaAccess.Service> shared) {
        List<AclBinding> grants = new ArrayList<>();
        for (KafkaAccess.Service s : KafkaAccess.Service.values()) {
            grants.addAll(KafkaAccess.of(s));
        }
        for (KafkaAccess.Service s : shared) {
            for (AclBinding b : KafkaAccess.of(s)) {
                AccessControlEntry e = b.entry();
                grants.add(new AclBinding(b.pattern(), new AccessControlEntry("User:" + embeddedUser, e.host(), e.operation(), e.permissionType())));
            }
        }
        return grants;
    }

    /**
     * A user and password for the super user, the embedded stack and each service, and TLS on every connection: the
     * Compose file's {@code kafka-certs} script makes a CA and three brokers' certificates in {@code tls}, for their names
     * and every address the tests reach a broker at (loopback, the rehearsal's hosts and the relay on the machine).
     */
    static EmbeddedKafka.Sasl users(String embeddedUser, Path tls) throws IOException, InterruptedException {
        EmbeddedKafka.Sasl plain = users(embeddedUser);
        Path brokers = Files.createDirectories(tls.resolve("brokers"));
        certificates(CERTIFICATES, Files.createDirectories(tls.resolve("ca-key")), brokers, Files.createDirectories(tls.resolve("ca")),
                "IP:127.0.0.1,IP:10.77.0.1,IP:10.77.0.11,IP:10.77.0.12,IP:10.77.0.13");
        return new EmbeddedKafka.Sasl(plain.users(), plain.superUser(), brokers);
    }

    /** Runs the Compose file's certificate script ({@code script}) on these directories; returns what it printed. */
    static String certificates(Path script, Path caKey, Path brokers, Path ca, String extraNames) throws IOException, InterruptedException {
        ProcessBuilder run = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        run.environment().putAll(Map.of("KAFKA_TLS_CA_KEY_DIR", caKey.toString(), "KAFKA_TLS_BROKER_DIR", brokers.toString(),
                "KAFKA_TLS_CA_DIR", ca.toString(), "KAFKA_TLS_EXTRA_SAN", extraNames));
        Process p = run.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("kafka certificates: " + out);
        }
        return out;
    }

    /** The Compose file's script that makes a deployment's Kafka CA and brokers' certificates. */
    static final Path CERTIFICATES = Path.of("..", "deploy", "compose", "kafka", "certificates.sh").toAbsolutePath().normalize();

    /** A user and password for the super user, the embedded stack and each service (plaintext). */
    static EmbeddedKafka.Sasl users(String embeddedUser) {
        Map<String, String> users = new HashMap<>();
        users.put("admin", "admin-" + UUID.randomUUID());
        users.put(embeddedUser, "embedded-" + UUID.randomUUID());
        for (KafkaAccess.Service s : KafkaAccess.Service.values()) {
            users.put(s.user(), s.name().toLowerCase() + "-" + UUID.randomUUID());
        }
        return new EmbeddedKafka.Sasl(users, "admin");
    }

    /** {@code user}'s sign-in as Spring settings ({@code spring.kafka.properties.*}), for {@code props}. */
    static void signIn(EmbeddedKafka.Sasl sasl, String user, Map<String, ? super String> props) {
        sasl.clientProperties(user).forEach((k, v) -> props.put("spring.kafka.properties." + k, v));
    }

    /** The same as a deployment passes it to a process: its environment. */
    static Map<String, String> signInEnv(EmbeddedKafka.Sasl sasl, String user) {
        Map<String, String> env = new HashMap<>();
        sasl.clientProperties(user).forEach((k, v) -> env.put("SPRING_KAFKA_PROPERTIES_" + k.toUpperCase().replace('.', '_'), v));
        return env;
    }

    private static Map<String, Object> client(EmbeddedKafka kafka, EmbeddedKafka.Sasl sasl, String user) {
        Map<String, Object> p = new HashMap<>(sasl.clientProperties(user));
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }
}
