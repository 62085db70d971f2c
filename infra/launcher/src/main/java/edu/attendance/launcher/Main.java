package edu.attendance.launcher;

import edu.attendance.ingest.auth.DemoSignInCode;
import edu.attendance.launcher.demo.DemoCollege;
import edu.attendance.launcher.tls.LocalTls;
import edu.attendance.platform.AttendanceProperties;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./attendance run}: starts the engines and every service on one base URL, loads the demo college
 * into a fresh data directory (unless {@code --empty}), prints one line per engine, the URL and the
 * accounts to try, and stops everything cleanly on Ctrl-C. The full log goes to
 * {@code <data>/logs/platform.log}; the console keeps warnings and errors. Data stays in
 * {@code ATTENDANCE_DATA_DIR} (default {@code ./data}) across restarts.
 */
final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        List<String> flags = List.of(args);
        Path data = Path.of(env("ATTENDANCE_DATA_DIR", "data")).toAbsolutePath();
        EmbeddedStack.createOwnerOnly(data); // before the log file is opened inside it
        Path logFile = data.resolve("logs").resolve("platform.log");
        System.setProperty("attendance.log.file", logFile.toString());
        // logging starts here, before the engines' threads log concurrently (else SLF4J replays and says so)
        LoggerFactory.getLogger(Main.class).info("attendance platform starting, data in {}", data);
        int port = Integer.parseInt(env("ATTENDANCE_PORT", "8080"));
        System.out.println("Starting the attendance platform (data in " + data + ", log in " + logFile + ")");
        Map<String, Object> settings = new HashMap<>();
        Map<String, Object> defaults = new HashMap<>();
        LocalTls.Material tls = null;
        boolean https = flags.contains("--https") || "true".equalsIgnoreCase(env("ATTENDANCE_HTTPS", "false"));
        if (https || flags.contains("--lan")) {
            // phones on the Wi-Fi reach it; the demo's sign-in from them needs the code printed below (SERVER_ADDRESS overrides)
            defaults.put("server.address", "0.0.0.0");
        }
        if (https) {
            tls = LocalTls.ensure(data.resolve("tls"), LocalTls.localNames());
            settings.putAll(tls.serverProperties());
            System.out.printf("  %-46s ready  (local authority %s)%n", "HTTPS certificate for " + String.join(", ", tls.names()),
                    tls.authorityPem());
        }
        // the links in e-mailed reports point at this run
        settings.put("attendance.reports.dashboard-url", (tls == null ? "http" : "https") + "://localhost:" + port);
        EmbeddedStack platform;
        try {
            platform = EmbeddedStack.start(new EmbeddedStack.Options(data, port, settings, defaults),
                    (what, took) -> System.out.printf("  %-46s ready  %5.1f s%n", what, took.toMillis() / 1000.0));
        } catch (Exception e) {
            System.err.println("\nThe platform did not start: " + rootMessage(e) + "\n(the whole story is in " + logFile + ")");
            LoggerFactory.getLogger(Main.class).info("start-up failed", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping …");
            platform.close();
            System.out.println("Stopped. Data kept in " + platform.dataDir());
        }, "attendance-shutdown"));
        // the broker halts the process when its log directory fails (a full or broken disk): the services and the other
        // engines are stopped cleanly first, within 30 s, so nothing is left half-written; a supervisor starts it again
        // (several of the broker's threads may call it: the first stops the platform, the others wait for the end)
        AtomicBoolean halting = new AtomicBoolean();
        Exit.setHaltProcedure((code, message) -> {
            if (halting.compareAndSet(false, true)) {
                System.err.println("\nThe broker stopped (its log directory failed: a full or broken disk?): stopping the platform;"
                        + " free the disk of " + platform.dataDir() + " and start it again.");
                LoggerFactory.getLogger(Main.class).error("the broker halted ({}): stopping the platform cleanly", message);
                Thread closing = Thread.ofPlatform().name("attendance-broker-failure").start(platform::closeAfterBrokerFailure);
                try {
                    closing.join(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(code == 0 ? 1 : code);
            }
            try {
                Thread.sleep(Duration.ofSeconds(60)); // not returning to the broker: the first caller ends the process
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        boolean fresh = DemoCollege.isEmpty(platform.context());
        if (fresh && !flags.contains("--empty")) {
            System.out.println("  a fresh data directory: loading the demo college (--empty starts without it) …");
            AttendanceProperties props = platform.context().getBean(AttendanceProperties.class);
            new DemoCollege(platform.context(), props.collegeZone(), LocalDate.now(props.collegeZone()))
                    .load(line -> System.out.println("    " + line));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        JdbcTemplate pg = platform.context().getBean(JdbcTemplate.class);
        String admin = platform.context().getBean(AttendanceProperties.class).bootstrapAdmin();
        List<String> teachers = pg.queryForList("""
                SELECT t.email FROM teachers t LEFT JOIN subjects s ON s.teacher_email = t.email
                GROUP BY t.email ORDER BY count(s.subject_id) DESC, t.email LIMIT 1""", String.class);
        List<String> students = teachers.isEmpty() ? List.of() : pg.queryForList("""
                SELECT st.email FROM students st
                WHERE st.class_id IN (SELECT class_id FROM subjects WHERE teacher_email = ?)
                ORDER BY st.class_id, st.roll_no, st.email LIMIT 2""", String.class, teachers.getFirst());
        List<String> managers = pg.queryForList("SELECT email FROM users WHERE role = 'MANAGEMENT' ORDER BY email LIMIT 1", String.class);
        StringBuilder banner = new StringBuilder();
        banner.append(String.format("%nAttendance platform ready in %.1f s (%d MiB resident: JVM + PostgreSQL + chDB)%n%n",
                seconds, platform.memoryMib(false)));
        banner.append("  Open        ").append(platform.baseUrl()).append("   (sign in by picking an account: no password in the demo)\n");
        boolean open = platform.listensBeyondLoopback();
        for (String url : open ? lanUrls(platform.scheme(), platform.port()) : List.<String>of()) {
            banner.append("  From a phone on this network: ").append(url).append(tls == null
                    ? "  (a phone's camera needs https: start with --https)\n"
                    : "  (first install " + tls.authorityPem().getFileName() + " on the phone; see docs/phones.md)\n");
        }
        if (!open) {
            banner.append("  Only this machine can reach it; --lan (or --https, for phones' cameras) opens it to the network.\n");
        }
        if (tls != null) {
            banner.append("  Local certificate authority to trust on phones: ").append(tls.authorityPem()).append('\n');
        }
        banner.append("\n  Try it as\n");
        if (!teachers.isEmpty()) {
            banner.append("    teacher     ").append(teachers.getFirst()).append("   (has a class today: start it, then show the projector)\n");
        }
        for (String s : students) {
            banner.append("    student     ").append(s).append("   (of that class: sign in in a second window and scan)\n");
        }
        if (!admin.isBlank()) {
            banner.append("    admin       ").append(admin).append('\n');
        }
        if (!managers.isEmpty()) {
            banner.append("    management  ").append(managers.getFirst()).append('\n');
        }
        if (teachers.isEmpty()) {
            banner.append("    (no roster yet: sign in as the admin and import it, or start again on an empty data directory for the demo)\n");
        }
        banner.append("\n  API         ").append(platform.baseUrl()).append("/v3/api-docs   health ").append(platform.baseUrl())
                .append("/actuator/health\n  Ctrl-C stops everything.\n");
        System.out.print(banner);
        if (open && platform.devLogin()) {
            // another machine signs in with this code, once; each use (or five wrong tries) shows the next one here
            platform.context().getBean(DemoSignInCode.class).showTo(code -> System.out.println(
                    "  Sign-in code for one phone or another computer: " + code + "   (used once; the next one appears here)"));
        }
        Thread.currentThread().join();
    }

    /** http URLs of this machine's non-loopback IPv4 addresses (what a phone on the same Wi-Fi would open). */
    private static List<String> lanUrls(String scheme, int port) {
        List<String> urls = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        urls.add(scheme + "://" + a.getHostAddress() + ":" + port);
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to show
        }
        return urls.size() > 2 ? urls.subList(0, 2) : urls;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
