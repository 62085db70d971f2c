package edu.attendance.engines.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import edu.attendance.engines.FreePort;

/**
 * A real single-node KRaft broker (broker + controller) in this JVM, the {@code kafka-server-start}
 * code path. The log directory is formatted once and reused, so topics and offsets survive restarts.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final int port;

    private EmbeddedKafka(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts the broker on {@code port} (0: a free one), formatting {@code logDir} on first use. */
    public static EmbeddedKafka start(Path logDir, int port) throws Exception {
        int brokerPort = port > 0 ? port : FreePort.find();
        int controllerPort = FreePort.find();
        return start(logDir, new Node(1, brokerPort, controllerPort, "1@127.0.0.1:" + controllerPort, Uuid.randomUuid().toString(), 1));
    }

    /**
     * One node (broker and controller) of a KRaft cluster: {@code voters} lists every node's controller as
     * {@code id@host:port}; every node is formatted with the same {@code clusterId}. {@code replication} is the internal
     * topics' (offsets, transactions) and new topics' replication factor; the minimum in-sync replicas is one less.
     */
    public record Node(int id, int brokerPort, int controllerPort, String voters, String clusterId, int replication, String host,
                       String advertised) {

        /** A node on loopback. */
        public Node(int id, int brokerPort, int controllerPort, String voters, String clusterId, int replication) {
            this(id, brokerPort, controllerPort, voters, clusterId, replication, "127.0.0.1");
        }

        /** A node on {@code host}, which its clients reach it at. */
        public Node(int id, int brokerPort, int controllerPort, String voters, String clusterId, int replication, String host) {
            this(id, brokerPort, controllerPort, voters, clusterId, replication, host, null);
        }

        /** The {@code host:port} clients and other brokers are told to reach this broker at: {@code advertised}, or its own. */
        String clientAddress() {
            return advertised != null ? advertised : host + ":" + brokerPort;
        }
    }

    public static EmbeddedKafka start(Path logDir, Node node) throws Exception {
        return start(logDir, node, null);
    }

    /**
     * A broker whose clients must sign in (SASL SCRAM-SHA-512, as Strimzi's {@code KafkaUser}s do) and are then allowed
     * only what ACLs grant them (KRaft's {@code StandardAuthorizer}, nothing without an ACL). {@code users}: name → password,
     * created when the log directory is formatted; {@code superUser} among them: the one that grants the others their ACLs,
     * and the brokers' and controllers' sign-in among themselves (PLAIN, as in the Compose file). {@code tls}: null
     * (plaintext), or a directory as the Compose file's {@code kafka-certs} makes it — {@code ca.crt} and each node's
     * {@code kafka-<id>.pem} (key and certificate, PEM) — and every connection is then TLS, the brokers' names checked.
     */
    public record Sasl(Map<String, String> users, String superUser, Path tls) {

        public Sasl(Map<String, String> users, String superUser) {
            this(users, superUser, null);
        }

        /** A client's sign-in as {@code user}: the properties a Kafka client (or spring.kafka.properties.*) takes. */
        public Map<String, String> clientProperties(String user) {
            Map<String, String> p = new java.util.HashMap<>(Map.of("security.protocol", tls == null ? "SASL_PLAINTEXT" : "SASL_SSL",
                    "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", jaas(user, users.get(user))));
            if (tls != null) {
                p.put("ssl.truststore.type", "PEM");
                p.put("ssl.truststore.location", tls.resolve("ca.crt").toAbsolutePath().toString());
            }
            return Map.copyOf(p);
        }

        static String jaas(String user, String password) {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                    + password + "\";";
        }
    }

    /** A single secured node on a free port (see {@link Sasl}). */
    public static EmbeddedKafka startSecured(Path logDir, Sasl sasl) throws Exception {
        int brokerPort = FreePort.find();
        int controllerPort = FreePort.find();
        return start(logDir, new Node(1, brokerPort, controllerPort, "1@127.0.0.1:" + controllerPort, Uuid.randomUuid().toString(), 1), sasl);
    }

    /** A node as {@link #start(Path, Node)}, its clients and brokers signing in as {@link Sasl} says (null: no sign-in). */
    public static EmbeddedKafka start(Path logDir, Node node, Sasl sasl) throws Exception {
        Files.createDirectories(logDir);
        String rf = Integer.toString(node.replication());
        String minIsr = Integer.toString(Math.max(1, node.replication() - 1));
        Properties p = new Properties();
        p.put("node.id", Integer.toString(node.id()));
        p.put("process.roles", "broker,controller");
        p.put("listeners", "PLAINTEXT://" + node.host() + ":" + node.brokerPort() + ",CONTROLLER://" + node.host() + ":" + node.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://" + node.clientAddress());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.quorum.voters", node.voters());
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("auto.create.topics.enable", "false");
        p.put("default.replication.factor", rf);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", "4194304");
        p.put("broker.session.timeout.ms", "2000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        if (sasl != null) {
            // as the Compose file's brokers (ComposeKafkaIT): no listener without a sign-in; the brokers among themselves
            // and with the controllers as the super user over PLAIN (KRaft's controllers cannot check SCRAM), clients SCRAM
            String superUser = sasl.superUser();
            String password = sasl.users().get(superUser);
            String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + superUser + "\" password=\""
                    + password + "\" user_" + superUser + "=\"" + password + "\";";
            p.put("listeners", "BROKER://" + node.host() + ":" + node.brokerPort() + ",CONTROLLER://" + node.host() + ":"
                    + node.controllerPort());
            p.put("advertised.listeners", "BROKER://" + node.clientAddress());
            p.put("inter.broker.listener.name", "BROKER");
            String protocol = sasl.tls() == null ? "SASL_PLAINTEXT" : "SASL_SSL";
            p.put("listener.security.protocol.map", "BROKER:" + protocol + ",CONTROLLER:" + protocol);
            if (sasl.tls() != null) {
                p.put("ssl.keystore.type", "PEM");
                p.put("ssl.keystore.location", sasl.tls().resolve("kafka-" + node.id() + ".pem").toAbsolutePath().toString());
                p.put("ssl.truststore.type", "PEM");
                p.put("ssl.truststore.location", sasl.tls().resolve("ca.crt").toAbsolutePath().toString());
            }
            p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            p.put("sasl.mechanism.controller.protocol", "PLAIN");
            p.put("listener.name.broker.sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
            p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
            p.put("listener.name.broker.plain.sasl.jaas.config", plain);
            p.put("listener.name.controller.plain.sasl.jaas.config", plain);
            p.put("listener.name.broker.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("super.users", "User:" + superUser);
            p.put("allow.everyone.if.no.acl.found", "false");
        }
        KafkaConfig config = KafkaConfig.fromProps(p, false);

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            Formatter formatter = new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(node.id())
                    .setClusterId(node.clusterId())
                    .setDirectories(List.of(logDir.toAbsolutePath().toString()))
                    .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true);
            if (sasl != null) {
                formatter.setScramArguments(sasl.users().entrySet().stream()
                        .map(u -> "SCRAM-SHA-512=[name=" + u.getKey() + ",password=" + u.getValue() + "]").toList());
            }
            formatter.run();
            log.info("formatted a new Kafka log directory at {}", logDir);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        log.info("Kafka broker {} on 127.0.0.1:{} (logs {})", node.id(), node.brokerPort(), logDir);
        return new EmbeddedKafka(server, node.brokerPort());
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private boolean closed;

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

}
