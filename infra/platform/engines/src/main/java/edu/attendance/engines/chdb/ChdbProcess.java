package edu.attendance.engines.chdb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * chDB in a child JVM ({@link ChdbServerMain}), so that a native crash or its unbounded native memory
 * cannot take the platform down. The child exits when this process closes its standard input or dies.
 */
public final class ChdbProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChdbProcess.class);

    private final Process process;
    private final int port;
    private final String password;
    private final Path logFile;
    /** Set when this process is told to go ({@link #close()}, {@link #kill()}): its exit is then no crash. */
    private volatile boolean stopping;

    /** Where chDB serves: the machine's loopback. */
    public static final Placement LOOPBACK = new Placement("127.0.0.1", cmd -> cmd);

    /**
     * Where the process runs and serves: the address it listens on and what its command line is run through — e.g. a
     * network rehearsal's {@code ip netns exec <host>}, to put it on a host of its own.
     */
    public record Placement(String address, java.util.function.UnaryOperator<List<String>> command) {
    }

    private final Placement placement;

    private ChdbProcess(Process process, int port, String password, Path logFile, Placement placement) {
        this.process = process;
        this.placement = placement;
        this.port = port;
        this.password = password;
        this.logFile = logFile;
    }

    public static ChdbProcess start(Path library, Path dataDir, Path logFile, Duration timeout) throws IOException {
        return start(library, dataDir, logFile, timeout, 0);
    }

    /** Starts chDB serving on {@code port} (0: any free port), e.g. again on the port a stopped one used. */
    public static ChdbProcess start(Path library, Path dataDir, Path logFile, Duration timeout, int port) throws IOException {
        return start(library, dataDir, logFile, timeout, port, null);
    }

    /**
     * As {@link #start(Path, Path, Path, Duration, int)}, with a ClickHouse configuration file of its own ({@code null}:
     * none), e.g. {@code remote_servers} and {@code macros} for a rehearsal of the cluster schema.
     */
    public static ChdbProcess start(Path library, Path dataDir, Path logFile, Duration timeout, int port, Path config) throws IOException {
        return start(library, dataDir, logFile, timeout, port, config, LOOPBACK);
    }

    /** As above, run and served where {@code placement} says. */
    public static ChdbProcess start(Path library, Path dataDir, Path logFile, Duration timeout, int port, Path config, Placement placement)
            throws IOException {
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException("libchdb.so not found at " + library
                    + " — run ./attendance fetch (or set ATTENDANCE_CHDB_LIB)");
        }
        Files.createDirectories(dataDir);
        Files.createDirectories(logFile.getParent());
        String java = ProcessHandle.current().info().command().orElse("java");
        // the heap holds one result at a time on its way out (the analytics of a department of a large college
        // reach a few hundred MB); it is given back after each, so it costs resident memory only while used
        // a native crash of chDB leaves its report beside the log, not in whatever directory the platform was started from
        String crashReport = "-XX:ErrorFile=" + logFile.toAbsolutePath().resolveSibling("chdb-crash-%p.log");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:+UseSerialGC", "-Xss4m", crashReport,
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ChdbServerMain.class.getName(), "--library=" + library.toAbsolutePath(),
                "--path=" + dataDir.toAbsolutePath(), "--port=" + port, "--bind=" + placement.address()));
        if (config != null) {
            cmd.add("--config-file=" + config.toAbsolutePath());
        }
        cmd = placement.command().apply(cmd);
        String password = password(dataDir);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().put("TZ", "UTC");
        Process process = pb.start();
        // the password goes down the pipe, never on the command line (which every local user can read)
        process.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(ChdbServerMain.READY)) {
                        return Integer.parseInt(line.substring(ChdbServerMain.READY.length()).trim());
                    }
                    log.debug("chdb: {}", line);
                }
                return -1;
            } catch (IOException e) {
                return -1;
            }
        });
        int served;
        try {
            served = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while starting chDB", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("chDB did not start within " + timeout + "; see " + logFile, e);
        }
        if (served < 0) {
            throw new IOException("chDB exited during start-up (exit " + waitExit(process) + "); see " + logFile);
        }
        // what the child prints after start-up (a JVM's fatal-error banner among it) goes to its log with its errors
        Thread.ofPlatform().daemon().name("chdb-stdout").start(() -> {
            try (var toLog = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                String line;
                while ((line = out.readLine()) != null) {
                    toLog.write(line);
                    toLog.newLine();
                    toLog.flush();
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        });
        log.info("chDB serving the ClickHouse HTTP interface on {}:{} (pid {}, data {})", placement.address(), served, process.pid(), dataDir);
        return new ChdbProcess(process, served, password, logFile, placement);
    }

    /**
     * The front's password, generated on the first start and kept beside the data directory, owner-only
     * ({@code <data dir>.password}), so a restart on the same data answers the same credentials.
     */
    private static String password(Path dataDir) throws IOException {
        Path file = dataDir.toAbsolutePath().resolveSibling(dataDir.getFileName() + ".password");
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            Path tmp = Files.createTempFile(file.getParent(), "chdb", ".tmp",
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, HexFormat.of().formatHex(random));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(tmp);
            }
        }
        return Files.readString(file).strip();
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Completes with the exit code if the process ends without being told to ({@link #close()}, {@link #kill()}): a
     * crash, for a supervisor to start it again. Never completes for a process that was stopped.
     */
    public CompletableFuture<Integer> crashed() {
        CompletableFuture<Integer> crash = new CompletableFuture<>();
        process.onExit().thenAccept(p -> {
            if (!stopping) {
                log.error("chDB (pid {}) exited by itself with {}; its output and any crash report are in {}",
                        p.pid(), p.exitValue(), logFile.getParent());
                crash.complete(p.exitValue());
            }
        });
        return crash;
    }

    /** A {@code clickhouse-jdbc} URL for a database on this server (no response compression); credentials apart. */
    public String jdbcUrl(String database) {
        return "jdbc:clickhouse://" + placement.address() + ":" + port + "/" + database + "?compress=false";
    }

    public String username() {
        return ChdbHttpServer.USER;
    }

    public String password() {
        return password;
    }

    /** A JDBC connection to a database on this server, with its credentials. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), username(), password);
    }

    /** Kills the process at once (SIGKILL), as a crash would (fault tests). */
    public void kill() {
        stopping = true;
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
