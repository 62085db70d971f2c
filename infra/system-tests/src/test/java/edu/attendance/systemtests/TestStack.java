package edu.attendance.systemtests;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import edu.attendance.engines.FreePort;
import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.ingest.IngestApiApplication;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One embedded stack (real Kafka, PostgreSQL, chDB) per test JVM, started on first use and stopped
 * when the JVM exits. The college's time zone is chosen so that local time is near noon: timetable
 * periods from 08:00 to 20:00 "today" are then open whatever the machine's clock says.
 */
public final class TestStack {

    public static final ZoneOffset ZONE = noonOffset(Instant.now());
    /** A real OIDC server standing in for Google (issuer id "google"). */
    public static final MockOAuth2Server OIDC = new MockOAuth2Server();
    public static final String CLIENT_ID = "attendance-mobile";
    public static final String WEB_CLIENT_ID = "attendance-web";
    public static final String WEB_APP = "http://app.college.test/";
    /** Short, so that a test can outlive it: offline syncs later than this after a session's end are refused. */
    public static final Duration OFFLINE_LIMIT = Duration.ofSeconds(4);
    /** A real SMTP server for the scheduled reports (GreenMail, in this JVM). */
    public static final GreenMail MAIL = new GreenMail(
            new ServerSetup(FreePort.find(), "127.0.0.1",
                    ServerSetup.PROTOCOL_SMTP));
    /** Where the tests' stand-in for Microsoft's Teams attendance API listens when a test starts it. */
    public static final int TEAMS_GRAPH_PORT = FreePort.find();
    public static final LocalDate TERM_START = LocalDate.now(ZONE).minusDays(60);
    /** Ten weeks of classes still to come, whatever today's date (the eligibility forecast counts them). */
    public static final LocalDate TERM_END = LocalDate.now(ZONE).plusDays(70);
    private static EmbeddedStack platform;

    private TestStack() {
    }

    public static synchronized EmbeddedStack get() {
        if (platform == null) {
            try {
                OIDC.start();
                MAIL.start();
                platform = start(Files.createTempDirectory("attendance-it"), true);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the embedded stack", e);
            }
            EmbeddedStack p = platform;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                p.close();
                OIDC.shutdown();
                MAIL.stop();
            }));
        }
        return platform;
    }

    /** A stack of its own (restart and fault tests), without the OIDC provider. */
    public static EmbeddedStack start(Path dir) throws Exception {
        return start(dir, false, Map.of());
    }

    /** A stack of its own with settings of the test's choosing on top of the usual ones. */
    public static EmbeddedStack start(Path dir, Map<String, Object> extra) throws Exception {
        return start(dir, false, extra);
    }

    private static EmbeddedStack start(Path dir, boolean withOidc) throws Exception {
        return start(dir, withOidc, Map.of());
    }

    /** As {@link #start(Path, Map)}, its ClickHouse (chDB) run and served where {@code clickhouse} says. */
    public static EmbeddedStack start(Path dir, Map<String, Object> extra, edu.attendance.engines.chdb.ChdbProcess.Placement clickhouse)
            throws Exception {
        return start(dir, false, extra, clickhouse);
    }

    private static EmbeddedStack start(Path dir, boolean withOidc, Map<String, Object> extra) throws Exception {
        return start(dir, withOidc, extra, edu.attendance.engines.chdb.ChdbProcess.LOOPBACK);
    }

    private static EmbeddedStack start(Path dir, boolean withOidc, Map<String, Object> extra,
                                       edu.attendance.engines.chdb.ChdbProcess.Placement clickhouse) throws Exception {
        Map<String, Object> props = new HashMap<>(Map.of("attendance.college-zone", ZONE.getId(),
                "attendance.sink.max-delay", "50ms", "attendance.auth.allowed-domain", "college.test",
                "attendance.capture.offline-sync-limit", OFFLINE_LIMIT.toString(),
                // the tests' own push service listens on loopback
                "attendance.push.allowed-hosts", "127.0.0.1"));
        // a term that began well before the history the report tests write, whatever today's date
        props.put("attendance.reports.term-start", TERM_START.toString());
        props.put("attendance.reports.term-end", TERM_END.toString());
        // a slow-header client is cut off within seconds, and a few hundred connections from one address are plenty
        props.put("attendance.http.header-timeout", "2s");
        props.put("attendance.http.max-connections-per-address", "200");
        // a test machine busy with other work runs its event loops late now and then: a scan refused for that would
        // make a test's outcome depend on the machine's load (the shedding has tests of its own: LoadSheddingTest)
        props.put("attendance.admission.max-lag", "0ms");
        // a dropped event stream is noticed within a second or two
        props.put("attendance.http.stream-heartbeat", "1s");
        props.put("attendance.http.max-streams-per-user", "25");
        // the API-level tests' phones hold no keys (a fingerprint header only); the browser's hold one and must prove it
        // every time (DeviceKeysIT), and a keyless registration refused where keys are required (DeviceKeysIT too)
        props.put("attendance.devices.require-key", "false");
        // scheduled reports only when a test asks for one
        props.put("attendance.reports.at-risk-cron", "-");
        props.put("attendance.reports.trends-cron", "-");
        props.put("attendance.escalation.cron", "-");
        props.put("attendance.reports.claim-mails-every", "1s");
        // guardians are told (the college's switch), on demand only
        props.put("attendance.guardians.enabled", "true");
        props.put("attendance.guardians.digest-cron", "-");
        // the tests' LMS listens on plain http on loopback; grades go to it a second after a close settles
        props.put("attendance.lti.allow-http", "true");
        props.put("attendance.reports.lms-grades-every", "1s");
        props.put("attendance.reports.lms-grades-settle", "PT3S");
        // Teams' attendance API: Microsoft's endpoints stood in for by the tests' peer (OnlineIT)
        props.put("attendance.online.teams.tenant-id", "college-tenant");
        props.put("attendance.online.teams.client-id", "attendance-teams-reader");
        props.put("attendance.online.teams.client-secret", "teams-secret-for-tests");
        props.put("attendance.online.teams.login-url", "http://127.0.0.1:" + TEAMS_GRAPH_PORT + "/login");
        props.put("attendance.online.teams.graph-url", "http://127.0.0.1:" + TEAMS_GRAPH_PORT + "/v1.0");
        if (withOidc) {
            props.put("spring.mail.host", "127.0.0.1");
            props.put("spring.mail.port", Integer.toString(MAIL.getSmtp().getPort()));
            props.put("attendance.auth.google.issuer", OIDC.issuerUrl("google").toString());
            props.put("attendance.auth.google.client-ids", CLIENT_ID);
            props.put("spring.security.oauth2.client.registration.google.client-id", WEB_CLIENT_ID);
            props.put("spring.security.oauth2.client.registration.google.client-secret", "web-secret");
            props.put("spring.security.oauth2.client.registration.google.scope", "openid,email,profile");
            props.put("spring.security.oauth2.client.provider.google.issuer-uri", OIDC.issuerUrl("google").toString());
            props.put("attendance.auth.web-app-url", WEB_APP);
        }
        props.putAll(extra);
        return EmbeddedStack.start(new EmbeddedStack.Options(dir, 0, props, Map.of(), clickhouse));
    }

    /**
     * A second ingest-api instance beside {@code platform}'s, in a context of its own on the same PostgreSQL, Kafka, keys
     * and settings, as a load balancer's second upstream; {@code extra} on top. Closed by the caller.
     */
    @SuppressWarnings("unchecked")
    public static ConfigurableApplicationContext secondIngest(EmbeddedStack platform, Map<String, Object> extra) {
        var sources = platform.context().getEnvironment().getPropertySources();
        Map<String, Object> props = new HashMap<>((Map<String, Object>) sources.get("embedded-engines").getSource());
        props.put("server.port", "0");
        // the platform's own defaults (demo sign-in, loopback, the demo's admin) sit in a source of their own
        props.putAll((Map<String, Object>) sources.get("embedded-defaults").getSource());
        props.putAll(extra);
        SpringApplication app = new SpringApplication(IngestApiApplication.class);
        app.setRegisterShutdownHook(false);
        app.addInitializers(ctx -> ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource("second-instance", props)));
        return app.run();
    }

    /** The base URL of a context started by {@link #secondIngest}. */
    public static String baseUrl(ConfigurableApplicationContext instance) {
        return "http://localhost:" + ((WebServerApplicationContext) instance).getWebServer().getPort();
    }

    public static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    public static String todayDow() {
        return today().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT);
    }

    private static ZoneOffset noonOffset(Instant now) {
        LocalTime utc = LocalTime.ofInstant(now, ZoneOffset.UTC);
        int hours = Math.round((12 * 60 - (utc.getHour() * 60 + utc.getMinute())) / 60f);
        return ZoneOffset.ofHours(Math.max(-12, Math.min(14, hours)));
    }
}
