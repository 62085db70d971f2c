package edu.attendance.launcher;

import edu.attendance.engines.chdb.ChdbLibrary;
import edu.attendance.engines.chdb.ChdbProcess;
import edu.attendance.engines.kafka.EmbeddedKafka;
import edu.attendance.engines.postgres.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded stack: real Kafka (in this JVM), PostgreSQL (its own processes) and chDB (a child
 * JVM) under one data directory, then every service in one Spring context on one port. Closing stops
 * the services first and the engines after, so nothing is lost in flight.
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);

    /**
     * {@code properties} win over everything (the engines' addresses go with them); {@code defaults} sit under the
     * environment and system properties, so that an {@code ATTENDANCE_…} or {@code SERVER_…} variable can always override
     * them. The platform's own defaults ({@link #DEMO_DEFAULTS}) are under both.
     */
    public record Options(Path dataDir, int httpPort, Map<String, Object> properties, Map<String, Object> defaults,
                          ChdbProcess.Placement clickhouse) {

        public Options(Path dataDir, int httpPort, Map<String, Object> properties) {
            this(dataDir, httpPort, properties, Map.of());
        }

        public Options(Path dataDir, int httpPort, Map<String, Object> properties, Map<String, Object> defaults) {
            this(dataDir, httpPort, properties, defaults, ChdbProcess.LOOPBACK);
        }
    }

    /**
     * The embedded demo's settings, overridable from the environment: two partitions per topic, the password-free
     * sign-in (from another machine only with the console's code), the demo's admin, and only this machine's loopback
     * listening ({@code --lan} or {@code --https} open it to the network).
     */
    static final Map<String, Object> DEMO_DEFAULTS = Map.of(
            // one broker on a laptop: two partitions per topic make fuller requests than six (a cluster sets its own count)
            "attendance.kafka.partitions", "2",
            "attendance.auth.dev-login", "true",
            "attendance.bootstrap-admin", "admin@college.test",
            "server.address", "127.0.0.1");

    /** Told when each engine and the services are up, with how long each took. */
    public interface Progress {
        Progress NONE = (what, took) -> {
        };

        void ready(String what, Duration took);
    }

    private volatile EmbeddedKafka kafka;
    private final EmbeddedPostgres postgres;
    private volatile ChdbProcess chdb;
    private final ConfigurableApplicationContext context;
    private final Path dataDir;
    /** Where chDB runs (the machine's loopback, or a rehearsal's host of its own), also after a restart. */
    private final ChdbProcess.Placement clickhousePlacement;

    private final DataDirLock lock;
    private volatile boolean closed;

    private EmbeddedStack(EmbeddedKafka kafka, EmbeddedPostgres postgres, ChdbProcess chdb,
                     ConfigurableApplicationContext context, Path dataDir, DataDirLock lock, ChdbProcess.Placement clickhousePlacement) {
        this.lock = lock;
        this.clickhousePlacement = clickhousePlacement;
        this.kafka = kafka;
        this.postgres = postgres;
        this.chdb = chdb;
        this.context = context;
        this.dataDir = dataDir;
        supervise(chdb);
    }

    /**
     * The embedded run's supervisor for chDB, as systemd or Kubernetes is for a real ClickHouse: a child that dies by
     * itself (a native crash) is started again on the same port and data, after 1 s and then up to 30 s apart while it
     * fails. Meanwhile the services do what they do while ClickHouse is away: reads answer 503, the sinks wait.
     */
    private void supervise(ChdbProcess watched) {
        watched.crashed().thenRun(() -> Thread.ofPlatform().daemon().name("chdb-supervisor").start(() -> {
            Duration wait = Duration.ofSeconds(1);
            while (!closed) {
                try {
                    Thread.sleep(wait); // backing off between attempts, not synchronising anything
                    synchronized (this) {
                        if (closed || chdb != watched) {
                            return; // stopped, or already started again by a caller
                        }
                        chdb = startChdb(dataDir, watched.port(), clickhousePlacement);
                        supervise(chdb);
                        log.warn("chDB started again on port {}", watched.port());
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    log.error("chDB did not start again ({}); next attempt in {}", e.toString(), wait);
                    wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : wait.multipliedBy(2);
                }
            }
        }));
    }

    public static EmbeddedStack start(Options options) throws Exception {
        return start(options, Progress.NONE);
    }

    public static EmbeddedStack start(Options options, Progress progress) throws Exception {
        Path data = options.dataDir().toAbsolutePath();
        createOwnerOnly(data);
        DataDirLock lock = DataDirLock.acquire(data);
        try {
            return start(options, progress, data, lock);
        } catch (Exception | Error e) {
            lock.close();
            throw e;
        }
    }

    private static EmbeddedStack start(Options options, Progress progress, Path data, DataDirLock lock) throws Exception {
        long t0 = System.nanoTime();
        CompletableFuture<EmbeddedPostgres> pg = CompletableFuture.supplyAsync(() -> unchecked(
                () -> EmbeddedPostgres.start(data.resolve("postgres")))).whenComplete((p, e) -> {
                    if (e == null) {
                        progress.ready("PostgreSQL", since(t0));
                    }
                });
        CompletableFuture<ChdbProcess> ch = CompletableFuture.supplyAsync(() -> unchecked(() -> startChdb(data, 0, options.clickhouse())))
                .whenComplete((c, e) -> {
                    if (e == null) {
                        progress.ready("ClickHouse (chDB)", since(t0));
                    }
                });
        EmbeddedKafka kafka = null;
        // a Kafka of the caller's (a cluster in a fault test): then no broker of the platform's own
        Object external = options.properties().get("spring.kafka.bootstrap-servers");
        try {
            if (external == null) {
                kafka = EmbeddedKafka.start(data.resolve("kafka"), 0);
                progress.ready("Kafka", since(t0));
            }
            EmbeddedPostgres postgres = pg.join();
            ChdbProcess chdb = ch.join();
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("attendance.data-dir", data.toString());
            props.put("spring.kafka.bootstrap-servers", external != null ? external : kafka.bootstrapServers());
            props.put("spring.datasource.url", postgres.jdbcUrl());
            props.put("spring.datasource.username", postgres.username());
            props.put("spring.datasource.password", postgres.password());
            props.put("attendance.clickhouse.url", chdb.jdbcUrl("default"));
            props.put("attendance.clickhouse.username", chdb.username());
            props.put("attendance.clickhouse.password", chdb.password());
            props.put("server.port", Integer.toString(options.httpPort()));
            // static group membership: after a crash the restarted platform takes its partitions back at once
            props.put("attendance.stream.instance-id", "embedded");
            // open event streams (teachers' screens) never finish by themselves: Ctrl-C should not wait 30 s for them
            props.put("spring.lifecycle.timeout-per-shutdown-phase", "3s");
            props.putAll(options.properties());
            SpringApplication app = new SpringApplication(AttendanceApplication.class);
            app.setRegisterShutdownHook(false);
            app.setBannerMode(Banner.Mode.OFF);
            Map<String, Object> defaults = new HashMap<>(DEMO_DEFAULTS);
            defaults.putAll(options.defaults());
            app.addInitializers(ctx -> {
                var sources = ctx.getEnvironment().getPropertySources();
                sources.addFirst(new MapPropertySource("embedded-engines", new HashMap<>(props)));
                MapPropertySource demo = new MapPropertySource("embedded-defaults", defaults);
                if (sources.contains("systemEnvironment")) {
                    sources.addAfter("systemEnvironment", demo);
                } else {
                    sources.addLast(demo);
                }
            });
            long t1 = System.nanoTime();
            ConfigurableApplicationContext context = app.run();
            progress.ready("services (ingest, stream, dashboard, reports)", since(t1));
            return new EmbeddedStack(kafka, postgres, chdb, context, data, lock, options.clickhouse());
        } catch (Exception | Error e) {
            if (kafka != null) {
                kafka.close();
            }
            pg.thenAccept(EmbeddedPostgres::close);
            ch.thenAccept(ChdbProcess::close);
            throw e;
        }
    }

    /**
     * The data directory holds the keys, the database passwords and every student's records: only its owner may enter it
     * (it was created world-readable). The embedded PostgreSQL then lives elsewhere when its user cannot enter it.
     */
    static void createOwnerOnly(Path data) throws IOException {
        if (Files.exists(data)) {
            return; // an existing directory keeps its mode: its PostgreSQL may live inside, owned by another user
        }
        Files.createDirectories(data);
        if (data.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static ChdbProcess startChdb(Path data, int port, ChdbProcess.Placement placement) throws IOException {
        return ChdbProcess.start(ChdbLibrary.locate(), data.resolve("clickhouse"), data.resolve("logs").resolve("chdb.log"),
                Duration.ofSeconds(120), port, null, placement);
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    private static <T> T unchecked(Work<T> w) {
        try {
            return w.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String baseUrl() {
        return scheme() + "://localhost:" + port();
    }

    /** {@code https} when the services were started with an SSL bundle. */
    public String scheme() {
        return context.getEnvironment().getProperty("server.ssl.bundle") != null ? "https" : "http";
    }

    /** The services listen on an address other machines can reach (not only loopback). */
    public boolean listensBeyondLoopback() {
        String address = context.getEnvironment().getProperty("server.address", "");
        try {
            return address.isBlank() || !InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return true;
        }
    }

    /** The demo's password-free sign-in is on. */
    public boolean devLogin() {
        return context.getEnvironment().getProperty("attendance.auth.dev-login", Boolean.class, false);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Stops the embedded broker (fault tests); the services keep running and must cope. These engine switches stay
     * on the launcher's {@code EmbeddedStack} rather than in test code because the benchmarks ({@code infra/bench}, a
     * main artifact) drive the same platform; nothing in the running product calls them.
     */
    public void stopKafka() {
        if (kafka == null) {
            throw new IllegalStateException("the platform runs on a Kafka of the caller's");
        }
        kafka.close();
    }

    /** Starts the broker again on the same port and log directory. */
    public synchronized void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), kafka.port());
    }

    /** Kills ClickHouse (chDB) outright (fault tests); the services keep running and must cope. */
    public void stopClickHouse() {
        chdb.kill();
    }

    /** The process id of chDB now (a crash test kills it from outside, as the kernel or a native fault would). */
    public long clickHousePid() {
        return chdb.pid();
    }

    /** Starts ClickHouse again on the same port and data directory. */
    public synchronized void startClickHouse() throws Exception {
        chdb = startChdb(dataDir, chdb.port(), clickhousePlacement);
        supervise(chdb);
    }

    public String kafkaBootstrap() {
        return context.getEnvironment().getProperty("spring.kafka.bootstrap-servers");
    }

    /** A connection to the platform's ClickHouse database, with the embedded front's credentials. */
    public Connection clickhouse() throws SQLException {
        return chdb.connect("attendance");
    }

    /** Resident memory of the whole platform (this JVM, PostgreSQL, chDB), in MiB; {@code peak} for the high-water mark. */
    /**
     * CPU time used so far by the whole stack: this JVM (the broker, the services, the stream), chDB's process and
     * PostgreSQL's (the postmaster and its backends) — what a benchmark divides by the scans it served.
     */
    public Duration cpu() {
        Duration total = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        List<ProcessHandle> engines = new ArrayList<>();
        ProcessHandle.of(chdb.pid()).ifPresent(engines::add);
        postgres.postmasterPid().ifPresent(pid -> ProcessHandle.of(pid).ifPresent(engines::add));
        for (ProcessHandle engine : engines) {
            total = total.plus(engine.info().totalCpuDuration().orElse(Duration.ZERO));
            for (ProcessHandle child : (Iterable<ProcessHandle>) engine.descendants()::iterator) {
                total = total.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
            }
        }
        return total;
    }

    public long memoryMib(boolean peak) {
        long kib = ProcessMemory.kib(ProcessHandle.current().pid(), peak)
                + postgres.postmasterPid().stream().map(pid -> ProcessMemory.kib(pid, peak)).sum();
        return kib / 1024;
    }

    /**
     * What to do when the broker gives up on its log directory (a full or failing disk) and would halt the process:
     * the services stop (no request is taken that could not be kept), then ClickHouse and PostgreSQL shut down cleanly
     * — the broker itself is left as it is, its log recovers on the next start — and only then does the process end.
     */
    public void closeAfterBrokerFailure() {
        close(false);
    }

    @Override
    public void close() {
        close(true);
    }

    /** The services first, then the engines: the broker (unless it failed), ClickHouse, PostgreSQL. */
    private void close(boolean broker) {
        closed = true;
        try {
            context.close();
        } finally {
            try {
                if (broker && kafka != null) {
                    kafka.close();
                }
            } finally {
                try {
                    synchronized (this) { // not while the supervisor starts a new one
                        chdb.close();
                    }
                } finally {
                    try {
                        postgres.close();
                    } finally {
                        lock.close();
                    }
                }
            }
        }
    }
}
