package edu.attendance.systemtests.resilience;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.ChildProcesses;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The stream-processor service (decision topology and ClickHouse sinks) in a JVM of its own, connected to a
 * platform's Kafka and ClickHouse, as in a distributed deployment — so that a test can kill it outright.
 */
public final class StreamProcessorProcess implements AutoCloseable {

    /** The stream processor's main class, by name as its executable jar names it: the service runs in its own JVM. */
    static final String MAIN_CLASS = "edu.attendance.stream.StreamProcessorApplication";

    private final Process process;
    private final Path log;

    private StreamProcessorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the processor with its state in {@code dataDir} and a static group membership as {@code instanceId}. */
    public static StreamProcessorProcess start(EmbeddedStack platform, Path dataDir, String instanceId) throws IOException {
        return start(platform, dataDir, instanceId, Map.of());
    }

    /** The same with more of the service's environment (e.g. its Kafka sign-in, as a deployment passes it). */
    public static StreamProcessorProcess start(EmbeddedStack platform, Path dataDir, String instanceId, Map<String, String> environment)
            throws IOException {
        return start(platform, dataDir, instanceId, environment, cmd -> cmd,
                platform.context().getEnvironment().getProperty("attendance.clickhouse.url"));
    }

    /**
     * The same on another host: {@code launch} turns the command into the one that runs it there (e.g. in a network
     * namespace), and {@code clickhouseUrl} is how ClickHouse is reached from that host.
     */
    public static StreamProcessorProcess start(EmbeddedStack platform, Path dataDir, String instanceId, Map<String, String> environment,
                                               java.util.function.UnaryOperator<List<String>> launch, String clickhouseUrl) throws IOException {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("processor.log");
        var env = platform.context().getEnvironment();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = launch.apply(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", serviceClasspath(), MAIN_CLASS,
                "--spring.kafka.bootstrap-servers=" + platform.kafkaBootstrap(),
                "--attendance.clickhouse.url=" + clickhouseUrl,
                "--attendance.clickhouse.migrate=false",
                "--attendance.data-dir=" + dataDir.toAbsolutePath(),
                "--attendance.stream.instance-id=" + instanceId,
                // a killed instance's partitions move after this long (the tests kill them)
                "--attendance.stream.takeover=10s",
                "--attendance.sink.max-delay=100ms",
                "--server.port=0"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the credentials as a deployment passes them: from the environment, never on the command line
        pb.environment().put("ATTENDANCE_CLICKHOUSE_USERNAME", env.getProperty("attendance.clickhouse.username", "default"));
        pb.environment().put("ATTENDANCE_CLICKHOUSE_PASSWORD", env.getProperty("attendance.clickhouse.password", ""));
        pb.environment().putAll(environment);
        Process p = pb.start();
        StreamProcessorProcess started = new StreamProcessorProcess(p, log);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return started;
    }

    /**
     * The stream processor's own classes and runtime classpath (written by its build), not the test's: the process is
     * the service as deployed, without the HTTP services' security, accounts and PostgreSQL driver.
     */
    public static String serviceClasspath() throws IOException {
        String classes = System.getProperty("attendance.stream.classes");
        String list = System.getProperty("attendance.stream.classpath");
        if (classes == null || list == null || !Files.exists(Path.of(list))) {
            throw new IllegalStateException("the stream processor's classpath is not built: run the tests through Maven (./attendance test)");
        }
        return classes + File.pathSeparator + Files.readString(Path.of(list)).strip();
    }

    /** Whether the decision stream has started (it says so in its log). */
    public boolean started() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("the stream processor exited with " + process.exitValue() + "; see " + log);
        }
        return Files.exists(log) && Files.readString(log).contains("decision stream started");
    }

    /** SIGKILL: no shutdown hook, no flush, no offset commit — a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        ChildProcesses.stop(process, Duration.ofSeconds(20), log, "stream-processor.log");
    }
}
