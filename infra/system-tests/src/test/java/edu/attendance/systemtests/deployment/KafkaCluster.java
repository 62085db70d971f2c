package edu.attendance.systemtests.deployment;

import edu.attendance.engines.FreePort;
import edu.attendance.engines.kafka.EmbeddedKafka;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * A KRaft cluster of {@code n} broker-and-controller nodes on loopback, each a JVM of its own ({@link KafkaNodeMain}),
 * replication {@code n} and minimum in-sync replicas {@code n - 1}: what a production cluster is, small.
 */
public final class KafkaCluster implements AutoCloseable {

    private final Path dir;
    private final int[] brokerPorts;
    private final int[] controllerPorts;
    private final String voters;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Process[] nodes;
    /** How many times each node was launched: its log holds one READY line per launch. */
    private final int[] launches;
    /** Each node's address: loopback, or its own host's on a {@link HostNetwork}. */
    private final String[] hosts;
    private final boolean onHosts;
    /** Nodes whose clients reach them through a relay: node → the relay's {@code host:port}. */
    private final java.util.Map<Integer, String> relayed;
    /** The clients' sign-in, or null: none. */
    private final EmbeddedKafka.Sasl sasl;

    public KafkaCluster(Path dir, int n) throws IOException {
        this(dir, n, null);
    }

    public KafkaCluster(Path dir, int n, HostNetwork network) throws IOException {
        this(dir, n, network, null);
    }

    /**
     * {@code network} non-null: node i runs on host {@code k<i+1>} of it ({@code 10.77.0.1<i+1>}), as on machines of
     * their own, so that a link between them can be cut or degraded; {@code sasl} non-null: every client and broker signs
     * in (SCRAM-SHA-512) and is allowed only what ACLs grant ({@link #grant}).
     */
    public KafkaCluster(Path dir, int n, HostNetwork network, EmbeddedKafka.Sasl sasl) throws IOException {
        this(dir, n, network, sasl, java.util.Map.of());
    }

    /**
     * As above, with node i's clients — the platform and the other brokers fetching from it — told to reach it at
     * {@code relayed.get(i)} ({@code host:port} of a {@link Relay} in front of it), so that its link can be slowed.
     */
    public KafkaCluster(Path dir, int n, HostNetwork network, EmbeddedKafka.Sasl sasl, java.util.Map<Integer, String> relayed)
            throws IOException {
        this.dir = dir;
        this.relayed = relayed;
        this.sasl = sasl;
        this.brokerPorts = new int[n];
        this.controllerPorts = new int[n];
        this.hosts = new String[n];
        this.onHosts = network != null;
        for (int i = 0; i < n; i++) {
            hosts[i] = network == null ? "127.0.0.1" : network.host(host(i), 11 + i);
            brokerPorts[i] = network == null ? FreePort.find() : 9092;
            controllerPorts[i] = network == null ? FreePort.find() : 9093;
        }
        this.voters = IntStream.range(0, n).mapToObj(i -> (i + 1) + "@" + hosts[i] + ":" + controllerPorts[i]).collect(Collectors.joining(","));
        this.nodes = new Process[n];
        this.launches = new int[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = launch(i);
        }
        for (int i = 0; i < n; i++) {
            awaitReady(i);
        }
    }

    public String bootstrapServers() {
        return IntStream.range(0, brokerPorts.length).mapToObj(i -> hosts[i] + ":" + brokerPorts[i]).collect(Collectors.joining(","));
    }

    /** Grants these ACLs, signed in as the super user. */
    void grant(java.util.Collection<org.apache.kafka.common.acl.AclBinding> acls) throws Exception {
        try (org.apache.kafka.clients.admin.Admin a = superUser()) {
            a.createAcls(acls).all().get();
        }
    }

    /** How many of {@code topic}'s partitions node {@code i} leads now, and how many it has. */
    String leads(int i, String topic) throws Exception {
        try (org.apache.kafka.clients.admin.Admin a = superUser()) {
            var partitions = a.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            long led = partitions.stream().filter(p -> p.leader() != null && p.leader().id() == i + 1).count();
            return led + " of " + partitions.size();
        }
    }

    /** An admin client signed in as the super user. */
    private org.apache.kafka.clients.admin.Admin superUser() {
        java.util.Map<String, Object> admin = new java.util.HashMap<>(sasl.clientProperties(sasl.superUser()));
        admin.put("bootstrap.servers", bootstrapServers());
        return org.apache.kafka.clients.admin.Admin.create(admin);
    }

    /** The host (of a {@link HostNetwork}) node {@code i} runs on. */
    static String host(int i) {
        return "k" + (i + 1);
    }

    /** SIGKILL node {@code i}. */
    public void kill(int i) throws InterruptedException {
        nodes[i].destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts node {@code i} again on its ports and log directory, and waits until it serves. */
    public void restart(int i) throws IOException {
        nodes[i] = launch(i);
        awaitReady(i);
    }

    private Process launch(int i) throws IOException {
        Path nodeDir = dir.resolve("node-" + (i + 1));
        Files.createDirectories(nodeDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), KafkaNodeMain.class.getName(), Integer.toString(i + 1),
                nodeDir.resolve("logs").toString(), Integer.toString(brokerPorts[i]), Integer.toString(controllerPorts[i]), voters, clusterId,
                Integer.toString(nodes.length), hosts[i]));
        if (relayed.containsKey(i)) {
            cmd.add(relayed.get(i));
        }
        ProcessBuilder pb = new ProcessBuilder(onHosts ? HostNetwork.on(host(i), cmd) : cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("node.log").toFile()));
        if (sasl != null) {
            pb.environment().put(KafkaNodeMain.USERS, sasl.users().entrySet().stream().map(u -> u.getKey() + "=" + u.getValue())
                    .collect(Collectors.joining("\n")));
            pb.environment().put(KafkaNodeMain.SUPER_USER, sasl.superUser());
            if (sasl.tls() != null) {
                pb.environment().put(KafkaNodeMain.TLS, sasl.tls().toAbsolutePath().toString());
            }
        }
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        launches[i]++;
        return p;
    }

    private void awaitReady(int i) {
        Path log = dir.resolve("node-" + (i + 1)).resolve("node.log");
        Process p = nodes[i];
        await("Kafka node " + (i + 1)).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("Kafka node " + (i + 1) + " exited with " + p.exitValue() + "; see " + log);
            }
            return Files.exists(log) && Files.readString(log).split(KafkaNodeMain.READY, -1).length - 1 >= launches[i];
        });
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : nodes) {
            if (p != null) {
                p.destroy();
            }
        }
        for (Process p : nodes) {
            if (p != null && !p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
