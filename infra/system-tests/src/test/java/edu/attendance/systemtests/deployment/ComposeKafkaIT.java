package edu.attendance.systemtests.deployment;

import edu.attendance.engines.FreePort;
import edu.attendance.platform.kafka.KafkaAccess;
import edu.attendance.platform.kafka.KafkaAccessSetup;
import kafka.docker.KafkaDockerWrapper$;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import scala.jdk.javaapi.CollectionConverters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Compose file's Kafka, as the {@code apache/kafka} image would run it: each broker's environment from
 * {@code compose.yaml} (its values filled in as {@code .env} would), the image's defaults for what it leaves out, turned
 * into {@code server.properties} and formatted by Kafka's own {@code KafkaDockerWrapper} and storage tool (what the
 * image's entrypoint runs), then three brokers started from those files, with the TLS material the file's
 * {@code kafka-certs} job makes (its script, run here on the job's volumes). Only the host names and ports are changed, to
 * loopback, and the log directory (checked first to be the broker's volume). Then the file's {@code kafka-access} job
 * with its environment, and each service's client with its own: every service does what its grants allow and nothing
 * else, nobody gets in without TLS, without trusting the deployment's CA, without a sign-in or with a service's password
 * at the controllers, and a second run of the job
 * takes away an ACL that is not on the list.
 */
class ComposeKafkaIT {

    private static final Path COMPOSE = Path.of("..", "deploy", "compose", "compose.yaml").toAbsolutePath().normalize();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?:(?::?[-?])[^}]*)?}");
    /** What the image's {@code configureDefaults} sets when a variable is missing (apache/kafka 4.3.1). */
    private static final Map<String, String> IMAGE_DEFAULTS = Map.ofEntries(
            Map.entry("KAFKA_NODE_ID", "1"),
            Map.entry("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT"),
            Map.entry("KAFKA_LISTENERS", "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:9092"),
            Map.entry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://localhost:29092,PLAINTEXT_HOST://localhost:9092"),
            Map.entry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1"),
            Map.entry("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0"),
            Map.entry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1"),
            Map.entry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1"),
            Map.entry("KAFKA_PROCESS_ROLES", "broker,controller"),
            Map.entry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:29093"),
            Map.entry("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT"),
            Map.entry("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER"),
            Map.entry("KAFKA_LOG_DIRS", "/tmp/kraft-combined-logs"));

    @TempDir
    Path dir;

    private final List<KafkaRaftServer> brokers = new ArrayList<>();
    private final Map<String, String> dotEnv = new HashMap<>();
    private final int[] brokerPorts = {FreePort.find(), FreePort.find(), FreePort.find()};
    private final int[] controllerPorts = {FreePort.find(), FreePort.find(), FreePort.find()};

    /** All three at once: one after another, the last would wait minutes for controllers already gone to let it go. */
    @AfterEach
    void stop() {
        CompletableFuture.allOf(brokers.stream().map(b -> CompletableFuture.runAsync(() -> {
            b.shutdown();
            b.awaitShutdown();
        }, Executors.newSingleThreadExecutor())).toArray(CompletableFuture[]::new)).join();
    }

    @Test
    void theComposeBrokersSignEveryClientInAndEachServiceGetsOnlyItsGrants() throws Exception {
        dotEnv.put("KAFKA_CLUSTER_ID", Uuid.randomUuid().toString());
        for (String name : List.of("ADMIN", "INGEST", "STREAM", "DASHBOARD", "REPORTS")) {
            dotEnv.put("KAFKA_" + name + "_PASSWORD", name.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID());
        }
        Map<String, Map<String, Object>> services = services();

        // the file's kafka-certs job, its script run with the job's volumes here (and loopback among the names)
        Map<String, Object> certs = services.get("kafka-certs");
        assertThat(String.valueOf(certs.get("entrypoint"))).contains("/certificates.sh");
        Map<String, Path> certMounts = mounts(certs);
        String madeOut = KafkaAccessIT.certificates(certMounts.get("/certificates.sh"), certMounts.get("/ca-key"), certMounts.get("/tls"),
                certMounts.get("/ca"), "IP:127.0.0.1");
        assertThat(madeOut).contains("kafka-1 (DNS:kafka-1,IP:127.0.0.1)", "kafka-3");

        // each node waits for a quorum of controllers as it starts: all three at once
        ExecutorService starter = Executors.newFixedThreadPool(3);
        List<CompletableFuture<KafkaRaftServer>> starting = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Map<String, Object> broker = services.get("kafka-" + i);
            assertThat(String.valueOf(broker.get("volumes"))).contains("kafka-" + i + ":/var/lib/kafka/data");
            Properties props = serverProperties(i, env(broker, mounts(broker)));
            starting.add(CompletableFuture.supplyAsync(() -> {
                KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
                server.startup();
                return server;
            }, starter));
        }
        for (CompletableFuture<KafkaRaftServer> s : starting) {
            brokers.add(s.get(120, TimeUnit.SECONDS));
        }
        starter.shutdown();

        // the job, with the file's environment for it: every service's user and exactly its ACLs
        Map<String, String> accessEnv = env(services.get("kafka-access"), mounts(services.get("kafka-access")));
        assertThat(accessEnv.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka-1:9092,kafka-2:9092,kafka-3:9092");
        accessEnv.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + brokerPorts[2]);
        assertThat(String.valueOf(services.get("kafka-access").get("entrypoint")))
                .contains("-Dloader.main=" + KafkaAccessSetup.class.getName(), "/app/ingest-api.jar");
        int listed = java.util.Arrays.stream(KafkaAccess.Service.values()).mapToInt(s -> KafkaAccess.of(s).size()).sum();
        KafkaAccessSetup.Outcome first = KafkaAccessSetup.run(accessEnv, quiet());
        assertThat(first.users()).hasSize(4);
        assertThat(first.added()).isEqualTo(listed);
        assertThat(first.removed()).isZero();

        Map<String, Object> superUser = KafkaAccessSetup.adminSettings(accessEnv);
        superUser.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + brokerPorts[0]);
        try (Admin admin = Admin.create(superUser)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.describeCluster().nodes().get().size() == 3);
        }
        Map<String, Object> ingest = client(services.get("ingest-api-1"));
        Map<String, Object> stream = client(services.get("stream-processor-1"));
        Map<String, Object> dashboard = client(services.get("dashboard"));
        Map<String, Object> reports = client(services.get("batch-reports"));
        assertThat(client(services.get("ingest-api-2"))).isEqualTo(ingest);
        assertThat(client(services.get("stream-processor-2"))).isEqualTo(stream);

        // each service creates the topics it writes (TopicsServed does so before it starts) and writes them
        try (Admin admin = Admin.create(ingest)) {
            admin.createTopics(List.of(new NewTopic("attendance.submissions", 2, (short) 3))).all().get();
        }
        try (Admin admin = Admin.create(stream)) {
            admin.createTopics(List.of(new NewTopic("attendance.decisions", 2, (short) 3))).all().get();
        }
        send(ingest, "attendance.submissions");
        send(stream, "attendance.decisions");
        assertThat(read(stream, "attendance.submissions")).isEqualTo(1);

        // and nothing else: the API forging a decision, the dashboard or reports reading submissions
        assertThatThrownBy(() -> send(ingest, "attendance.decisions")).hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> read(dashboard, "attendance.submissions")).isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> read(reports, "attendance.submissions")).isInstanceOf(TopicAuthorizationException.class);

        // no way in without the right sign-in: a wrong password, a service's password at the controllers, no sign-in
        Map<String, Object> wrong = new HashMap<>(ingest);
        wrong.put("sasl.jaas.config", String.valueOf(ingest.get("sasl.jaas.config")).replace(dotEnv.get("KAFKA_INGEST_PASSWORD"), "guess-" + UUID.randomUUID()));
        assertThatThrownBy(() -> topics(wrong)).hasCauseInstanceOf(SaslAuthenticationException.class);
        Map<String, Object> atControllers = new HashMap<>(ingest);
        atControllers.remove(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        atControllers.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, "127.0.0.1:" + controllerPorts[0]);
        assertThatThrownBy(() -> topics(atControllers)).isInstanceOf(ExecutionException.class);
        Map<String, Object> withoutTls = new HashMap<>(ingest);
        withoutTls.put("security.protocol", "SASL_PLAINTEXT");
        assertThatThrownBy(() -> topics(withoutTls)).isInstanceOf(ExecutionException.class);
        Map<String, Object> untrusting = new HashMap<>(ingest);
        untrusting.remove("ssl.truststore.type");
        untrusting.remove("ssl.truststore.location");
        assertThatThrownBy(() -> topics(untrusting)).hasCauseInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class);
        Map<String, Object> anonymous = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + brokerPorts[0]);
        assertThatThrownBy(() -> topics(anonymous)).isInstanceOf(ExecutionException.class);
        Map<String, Object> anonymousAtControllers = Map.of(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, "127.0.0.1:" + controllerPorts[1]);
        assertThatThrownBy(() -> topics(anonymousAtControllers)).isInstanceOf(ExecutionException.class);

        // a grant given by hand (or left by an older version) is taken away by the next run; the list is the truth
        try (Admin admin = Admin.create(superUser)) {
            admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "attendance.decisions", PatternType.LITERAL),
                    new AccessControlEntry("User:" + KafkaAccess.Service.INGEST.user(), "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                    .all().get();
        }
        KafkaAccessSetup.Outcome second = KafkaAccessSetup.run(accessEnv, quiet());
        assertThat(second.added()).isZero();
        assertThat(second.removed()).isEqualTo(1);
        assertThatThrownBy(() -> send(ingest, "attendance.decisions")).hasCauseInstanceOf(TopicAuthorizationException.class);
        send(ingest, "attendance.submissions");
    }

    /**
     * Broker {@code node}'s {@code server.properties} as the image writes it from {@code env}, its storage formatted as
     * the image formats it; then the log directory moved to this test's.
     */
    private Properties serverProperties(int node, Map<String, String> env) throws IOException {
        Map<String, String> image = new HashMap<>(env);
        for (int i = 1; i <= 3; i++) {
            for (Map.Entry<String, String> e : image.entrySet()) {
                e.setValue(e.getValue().replace("kafka-" + i + ":9092", "127.0.0.1:" + brokerPorts[i - 1])
                        .replace("kafka-" + i + ":9093", "127.0.0.1:" + controllerPorts[i - 1]));
            }
        }
        image.computeIfPresent("KAFKA_LISTENERS", (k, v) -> v.replace("://:9092", "://127.0.0.1:" + brokerPorts[node - 1])
                .replace("://:9093", "://127.0.0.1:" + controllerPorts[node - 1]));
        IMAGE_DEFAULTS.forEach(image::putIfAbsent);
        Path defaults = Files.createDirectories(dir.resolve("defaults"));
        Path mounted = Files.createDirectories(dir.resolve("mounted"));
        Path config = Files.createDirectories(dir.resolve("config-" + node));
        scala.collection.immutable.Map<String, String> scalaEnv = scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(image));
        KafkaDockerWrapper$.MODULE$.prepareServerConfigs(defaults, mounted, config, scalaEnv);
        Path file = config.resolve("server.properties");
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            props.load(r);
        }
        assertThat(props.getProperty("log.dirs")).as("the broker's volume").isEqualTo("/var/lib/kafka/data");
        props.setProperty("log.dirs", dir.resolve("kafka-" + node).toString());
        try (var w = Files.newBufferedWriter(file)) {
            props.store(w, null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = StorageTool$.MODULE$.execute(KafkaDockerWrapper$.MODULE$.formatStorageCmd(config, scalaEnv), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return props;
    }

    /** The Compose file's services, every {@code ${VAR}} filled from {@link #dotEnv} as Compose does from {@code .env}. */
    private Map<String, Map<String, Object>> services() throws IOException {
        Matcher m = VARIABLE.matcher(Files.readString(COMPOSE));
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(text, Matcher.quoteReplacement(dotEnv.getOrDefault(m.group(1), "")));
        }
        m.appendTail(text);
        Map<String, Object> compose = new Yaml(new LoaderOptions()).load(text.toString());
        return cast(compose.get("services"));
    }

    /** A service's environment, every path it names inside a volume moved to where that volume is here. */
    private static Map<String, String> env(Map<String, Object> service, Map<String, Path> mounts) {
        Map<String, String> env = new HashMap<>();
        Map<String, Object> raw = cast(service.get("environment"));
        raw.forEach((k, v) -> {
            String value = String.valueOf(v);
            for (Map.Entry<String, Path> m : mounts.entrySet()) {
                if (value.startsWith(m.getKey() + "/")) {
                    value = m.getValue() + value.substring(m.getKey().length());
                }
            }
            env.put(k, value);
        });
        return env;
    }

    /**
     * A service's mounts: its path inside the container → here, a named volume as a directory of this test's (shared by
     * every service that mounts it, as Docker's are), a file of the repository as itself.
     */
    private Map<String, Path> mounts(Map<String, Object> service) throws IOException {
        Map<String, Path> mounts = new HashMap<>();
        for (Object v : (List<?>) service.getOrDefault("volumes", List.of())) {
            String[] parts = String.valueOf(v).split(":");
            Path here = parts[0].startsWith("./") ? COMPOSE.getParent().resolve(parts[0].substring(2)).normalize()
                    : Files.createDirectories(dir.resolve("volumes").resolve(parts[0]));
            mounts.put(parts[1], here);
        }
        return mounts;
    }

    /** A service's Kafka client settings from its environment, as Spring Boot binds them, to the loopback brokers. */
    private Map<String, Object> client(Map<String, Object> service) throws IOException {
        Map<String, Object> props = KafkaAccessSetup.kafkaProperties(env(service, mounts(service)));
        assertThat(env(service, Map.of()).get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka-1:9092,kafka-2:9092,kafka-3:9092");
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + brokerPorts[0] + ",127.0.0.1:" + brokerPorts[1]);
        return props;
    }

    private static void send(Map<String, Object> client, String topic) throws Exception {
        Map<String, Object> p = new HashMap<>(client);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "{}")).get();
        }
    }

    private static int read(Map<String, Object> client, String topic) {
        Map<String, Object> p = new HashMap<>(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            int records = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records == 0 && System.nanoTime() < deadline) {
                records += consumer.poll(Duration.ofSeconds(1)).count();
            }
            return records;
        }
    }

    private static void topics(Map<String, Object> client) throws Exception {
        Map<String, Object> p = new HashMap<>(client);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get();
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
