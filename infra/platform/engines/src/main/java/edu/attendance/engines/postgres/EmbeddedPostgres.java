package edu.attendance.engines.postgres;

import com.sun.security.auth.module.UnixSystem;
import edu.attendance.engines.FreePort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster started from the machine's binaries ({@code initdb}, {@code pg_ctl}) in
 * the data directory, listening on a free loopback port only, with a generated password (SCRAM) kept
 * in the cluster directory. As root it runs the binaries as an unprivileged user ({@code postgres},
 * else {@code nobody}) through {@code runuser}.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    public static final String USER = "attendance";
    public static final String DATABASE = "attendance";

    private final Path binDir;
    private final Path clusterDir;
    private final Optional<String> runAs;
    private final int port;
    private final String password;

    private EmbeddedPostgres(Path binDir, Path clusterDir, Optional<String> runAs, int port, String password) {
        this.binDir = binDir;
        this.clusterDir = clusterDir;
        this.runAs = runAs;
        this.port = port;
        this.password = password;
    }

    public static EmbeddedPostgres start(Path dir) throws IOException, InterruptedException {
        Path bin = findBinDir();
        Optional<String> runAs = isRoot() ? Optional.of(unprivilegedUser()) : Optional.empty();
        Path cluster = dir.toAbsolutePath();
        Files.createDirectories(cluster);
        if (runAs.isPresent() && !accessible(runAs.get(), cluster)) {
            // the data directory lies below a folder the unprivileged user cannot enter (e.g. /root)
            Path elsewhere = Path.of("/var/lib/attendance-postgres", sha(cluster.toString()));
            Files.createDirectories(elsewhere);
            if (Files.exists(cluster.resolve("PG_VERSION")) && !Files.exists(elsewhere.resolve("PG_VERSION"))) {
                // a cluster restored from a backup into this directory: it moves to where its user can run it
                moveContents(cluster, elsewhere);
                Path pw = passwordFile(cluster);
                if (Files.exists(pw)) {
                    Files.move(pw, passwordFile(elsewhere), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(cluster.resolve("LOCATION"), elsewhere + System.lineSeparator());
            log.info("PostgreSQL cluster for {} lives at {}: user {} cannot enter the data directory",
                    cluster, elsewhere, runAs.get());
            cluster = elsewhere;
        }
        Path pwFile = passwordFile(cluster);
        if (runAs.isPresent()) {
            run(List.of("chown", "-R", runAs.get(), cluster.toString()), 30);
            Files.setPosixFilePermissions(cluster, PosixFilePermissions.fromString("rwx------"));
        }
        if (!Files.exists(cluster.resolve("PG_VERSION"))) {
            String pw = randomHex();
            Path initPw = Files.createTempFile("pgpw", ".txt");
            Files.writeString(initPw, pw);
            if (runAs.isPresent()) {
                run(List.of("chown", runAs.get(), initPw.toString()), 10);
            }
            try {
                List<String> init = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", cluster.toString(),
                        "-U", USER, "--pwfile=" + initPw, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C",
                        "--no-instructions"));
                exec(runAs, init, 120);
            } finally {
                Files.deleteIfExists(initPw);
            }
            Files.writeString(cluster.resolve("postgresql.auto.conf"), """
                    listen_addresses = '127.0.0.1'
                    unix_socket_directories = ''
                    shared_buffers = '64MB'
                    max_connections = 100
                    """, StandardOpenOption.APPEND);
            Files.writeString(pwFile, pw);
            Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
            log.info("initialised a PostgreSQL cluster at {}", cluster);
        }
        String password = Files.readString(pwFile).strip();
        Path pgCtl = bin.resolve("pg_ctl");
        if (exec(runAs, List.of(pgCtl.toString(), "-D", cluster.toString(), "status"), 30) == 0) {
            // left running by a process that died: stop it so that this run owns the port choice
            exec(runAs, List.of(pgCtl.toString(), "-D", cluster.toString(), "-m", "fast", "-w", "stop"), 60);
        }
        int port = FreePort.find();
        int rc = exec(runAs, List.of(pgCtl.toString(), "-D", cluster.toString(), "-l",
                cluster.resolve("server.log").toString(), "-w", "-t", "120", "-o", "-p " + port, "start"), 150);
        if (rc != 0) {
            throw new IOException("pg_ctl start failed (exit " + rc + "); see " + cluster.resolve("server.log"));
        }
        EmbeddedPostgres pg = new EmbeddedPostgres(bin, cluster, runAs, port, password);
        pg.createDatabase();
        log.info("PostgreSQL on 127.0.0.1:{} (cluster {})", port, cluster);
        return pg;
    }

    private void createDatabase() throws IOException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), properties())) {
            try (var rs = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    c.createStatement().execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot create database " + DATABASE, e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** The postmaster's pid, from {@code postmaster.pid}. */
    public OptionalLong postmasterPid() {
        try {
            return OptionalLong.of(Long.parseLong(Files.readAllLines(clusterDir.resolve("postmaster.pid")).getFirst().strip()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    public int port() {
        return port;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("user", USER);
        p.put("password", password);
        return p;
    }

    @Override
    public void close() {
        try {
            exec(runAs, List.of(binDir.resolve("pg_ctl").toString(), "-D", clusterDir.toString(), "-m", "fast", "-w",
                    "stop"), 60);
        } catch (IOException e) {
            log.warn("stopping PostgreSQL failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the PostgreSQL server binaries are: ATTENDANCE_PG_BIN, the newest Debian version, or the PATH. */
    public static Path findBinDir() {
        String configured = System.getenv("ATTENDANCE_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(b -> parseVersion(b.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException ignored) {
                // fall through to PATH
            }
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, "pg_ctl")) && Files.isExecutable(Path.of(p, "initdb"))) {
                return Path.of(p).toAbsolutePath();
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found: install the "
                + "Debian package postgresql, or set ATTENDANCE_PG_BIN");
    }

    private static int parseVersion(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    private static String unprivilegedUser() throws IOException, InterruptedException {
        return run(List.of("id", "-u", "postgres"), 10) == 0 ? "postgres" : "nobody";
    }

    /**
     * Where the cluster of {@code dir} (as passed to {@link #start}) really is: {@code dir} itself, or the place its
     * {@code LOCATION} file names when the unprivileged user could not enter {@code dir}.
     */
    public static Path clusterOf(Path dir) throws IOException {
        Path location = dir.resolve("LOCATION");
        return Files.exists(location) ? Path.of(Files.readString(location).strip()) : dir;
    }

    /** The generated password of a cluster, kept beside it (owner-only). */
    public static Path passwordFile(Path cluster) {
        return cluster.getParent().resolve(cluster.getFileName() + ".password");
    }

    private static void moveContents(Path from, Path to) throws IOException {
        try (Stream<Path> entries = Files.list(from)) {
            for (Path e : entries.toList()) {
                Path target = to.resolve(e.getFileName().toString());
                try {
                    Files.move(e, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException acrossFileSystems) {
                    copyTree(e, target);
                    deleteTree(e);
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static boolean accessible(String user, Path dir) throws IOException, InterruptedException {
        return run(List.of("runuser", "-u", user, "--", "test", "-x", dir.getParent().toString()), 10) == 0;
    }

    private static int exec(Optional<String> runAs, List<String> cmd, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        runAs.ifPresent(u -> full.addAll(List.of("runuser", "-u", u, "--")));
        full.addAll(cmd);
        return run(full, timeoutSeconds);
    }

    private static int run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0 && log.isDebugEnabled()) {
            log.debug("{} -> {}: {}", cmd, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        }
        return p.exitValue();
    }

    private static String randomHex() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
