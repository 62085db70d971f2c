package edu.attendance.systemtests.deployment;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.ChildProcesses;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ingest-api service in a JVM of its own on a host of a {@link HostNetwork}, as a deployment runs a second ingest
 * instance: the embedded platform's settings (its PostgreSQL, keys and Kafka), the engines reached through the given
 * addresses, listening on the host's own port 8080. Its settings reach it as a deployment passes them, through the
 * environment ({@code SPRING_APPLICATION_JSON}), never on the command line.
 */
final class IngestProcess implements AutoCloseable {

    static final String MAIN_CLASS = "edu.attendance.ingest.IngestApiApplication";
    static final int PORT = 8080;

    private final Process process;
    private final Path log;

    private IngestProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the service on {@code host}; {@code rewrite} maps each loopback {@code address:port} the platform's settings
     * name (its PostgreSQL, its ClickHouse) to the one that reaches it from the host.
     */
    @SuppressWarnings("unchecked")
    static IngestProcess start(EmbeddedStack platform, String host, Path dir, Map<String, String> rewrite, Map<String, String> extra)
            throws IOException {
        Files.createDirectories(dir.resolve("keys"));
        // the same keys as the platform's (token signing, QR codes), as a deployment mounts one secret into every instance
        try (var keys = Files.list(platform.dataDir().resolve("keys"))) {
            for (Path key : keys.toList()) {
                Files.copy(key, dir.resolve("keys").resolve(key.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Path log = dir.resolve("ingest.log");
        var sources = platform.context().getEnvironment().getPropertySources();
        Map<String, String> settings = new LinkedHashMap<>();
        for (String source : List.of("embedded-engines", "embedded-defaults")) {
            ((Map<String, Object>) sources.get(source).getSource()).forEach((k, v) -> {
                String value = String.valueOf(v);
                for (Map.Entry<String, String> r : rewrite.entrySet()) {
                    value = value.replace(r.getKey(), r.getValue());
                }
                settings.put(k, value);
            });
        }
        settings.put("server.address", "0.0.0.0");
        settings.put("server.port", Integer.toString(PORT));
        settings.put("attendance.data-dir", dir.toAbsolutePath().toString());
        settings.putAll(extra);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath(), MAIN_CLASS));
        ProcessBuilder pb = new ProcessBuilder(HostNetwork.on(host, cmd)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("SPRING_APPLICATION_JSON", Api.JSON.writeValueAsString(settings));
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return new IngestProcess(p, log);
    }

    /** The service's own classes and runtime classpath, written by its build. */
    private static String classpath() throws IOException {
        String classes = System.getProperty("attendance.ingest.classes");
        String list = System.getProperty("attendance.ingest.classpath");
        if (classes == null || list == null || !Files.exists(Path.of(list))) {
            throw new IllegalStateException("the ingest service's classpath is not built: run the tests through Maven (./attendance test)");
        }
        return classes + File.pathSeparator + Files.readString(Path.of(list)).strip();
    }

    /** Whether the service has started (Spring Boot says so in its log). */
    boolean started() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("the ingest instance exited with " + process.exitValue() + "; see " + log);
        }
        return Files.exists(log) && Files.readString(log).contains("Started IngestApiApplication");
    }

    /** SIGKILL: the host is gone, with whatever it had in flight. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        ChildProcesses.stop(process, Duration.ofSeconds(20), log, "ingest-instance.log");
    }
}
