package edu.attendance.engines.chdb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A minimal ClickHouse HTTP interface over one chDB connection, on loopback, so that the official
 * {@code clickhouse-jdbc} driver runs unchanged against the embedded engine. Supports what that driver
 * uses: {@code GET/HEAD /ping}; {@code GET/POST /} with the query in the {@code query} parameter or the
 * body (body = inline data when both), {@code database}, {@code query_id}, {@code default_format},
 * any other parameter as a ClickHouse setting for that query only, the {@code X-ClickHouse-*} request
 * headers, and the response headers {@code X-ClickHouse-Query-Id}, {@code -Format}, {@code -Timezone},
 * {@code -Summary} and, on failure, {@code X-ClickHouse-Exception-Code}. Response compression is not
 * implemented: clients connect with {@code compress=false}.
 */
final class ChdbHttpServer implements AutoCloseable {

    static final int MAX_BODY_BYTES = 256 * 1024 * 1024;
    /** ClickHouse's code for a server that is shutting down, which chDB answers for ever after a fatal error. */
    private static final int ABORTED = 236;
    /** The exit code after such a fatal error (sysexits' EX_SOFTWARE). */
    static final int FATAL_EXIT = 70;
    private static final Pattern ERROR_CODE = Pattern.compile("Code:\\s*(\\d+)");
    private static final Pattern OUTPUT_FORMAT = Pattern.compile("(?is).*\\bFORMAT\\s+([A-Za-z0-9_]+)\\s*;?\\s*$");
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Parameters of the HTTP protocol itself, never forwarded as settings. */
    private static final Set<String> PROTOCOL_PARAMS = Set.of("query", "database", "query_id", "default_format",
            "compress", "decompress", "user", "password", "quota_key", "session_id", "session_timeout",
            "session_check", "buffer_size", "wait_end_of_query", "client_protocol_version", "role");

    /** The one user of the front, as ClickHouse names its built-in one. */
    public static final String USER = "default";

    private final Chdb chdb;
    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] password;
    /** Settings the shared session holds at a request's values (guarded by {@code chdb}), and their defaults. */
    private final Map<String, String> sessionSettings = new HashMap<>();
    private final Map<String, String> defaults = new HashMap<>();
    private String currentDatabase = "default";

    /**
     * {@code password}: what every request must present for {@link #USER} — as ClickHouse takes it: HTTP Basic, the
     * {@code X-ClickHouse-User}/{@code X-ClickHouse-Key} headers, or the {@code user}/{@code password} parameters. Any
     * other local user of the machine can reach the loopback port, so the port alone is no protection.
     */
    public ChdbHttpServer(Chdb chdb, InetAddress bind, int port, String password) throws IOException {
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("the ClickHouse front needs a password");
        }
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.chdb = chdb;
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        this.executor = Executors.newFixedThreadPool(8, Thread.ofPlatform().name("chdb-http-", 0).daemon().factory());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** The request names {@link #USER} and its password (compared in constant time), in any of ClickHouse's ways. */
    private boolean authenticated(HttpExchange ex, Map<String, String> params) {
        String user = null;
        String key = null;
        String basic = ex.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(basic.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                user = colon < 0 ? pair : pair.substring(0, colon);
                key = colon < 0 ? "" : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return false;
            }
        } else if (ex.getRequestHeaders().getFirst("X-ClickHouse-User") != null) {
            user = ex.getRequestHeaders().getFirst("X-ClickHouse-User");
            key = first(ex.getRequestHeaders().getFirst("X-ClickHouse-Key"), "");
        } else if (params.get("user") != null) {
            user = params.get("user");
            key = first(params.get("password"), "");
        }
        return USER.equals(user) && key != null
                && MessageDigest.isEqual(password, key.getBytes(StandardCharsets.UTF_8));
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/ping")) {
                send(ex, 200, "Ok.\n".getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8");
                return;
            }
            if (!path.equals("/") || !(method.equals("GET") || method.equals("POST"))) {
                sendError(ex, 404, 0, "Code: 0. DB::Exception: no handler for " + method + " " + path);
                return;
            }
            Map<String, String> params = parseQuery(ex.getRequestURI().getRawQuery());
            if (!authenticated(ex, params)) {
                sendError(ex, 403, 516, "Code: 516. DB::Exception: " + USER
                        + ": Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)");
                return;
            }
            if ("1".equals(params.get("compress")) || "true".equalsIgnoreCase(params.get("compress"))
                    || "1".equals(params.get("decompress"))) {
                sendError(ex, 400, 0, "Code: 0. DB::Exception: the embedded ClickHouse front does not compress;"
                        + " connect with compress=false");
                return;
            }
            byte[] body = readBody(ex);
            String queryParam = params.get("query");
            byte[] sql = queryParam == null ? body : join(queryParam, body);
            if (sql.length == 0) {
                sendError(ex, 400, 62, "Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR)");
                return;
            }
            String database = first(params.get("database"), ex.getRequestHeaders().getFirst("X-ClickHouse-Database"));
            String queryId = first(params.get("query_id"), ex.getRequestHeaders().getFirst("X-ClickHouse-Query-Id"));
            if (queryId == null) {
                queryId = UUID.randomUUID().toString();
            }
            String format = first(params.get("default_format"), ex.getRequestHeaders().getFirst("X-ClickHouse-Format"));
            if (format == null) {
                format = "TabSeparated";
            }
            if (body.length == 0 || queryParam == null) {
                Matcher m = OUTPUT_FORMAT.matcher(new String(sql, StandardCharsets.UTF_8));
                if (m.matches()) {
                    format = m.group(1);
                }
            }
            Map<String, String> settings = new LinkedHashMap<>();
            for (var e : params.entrySet()) {
                if (!PROTOCOL_PARAMS.contains(e.getKey()) && !e.getKey().startsWith("param_")) {
                    settings.put(e.getKey(), e.getValue());
                }
            }
            Chdb.Result result = execute(database, settings, sql, format);
            ex.getResponseHeaders().add("X-ClickHouse-Query-Id", queryId);
            ex.getResponseHeaders().add("X-ClickHouse-Timezone", "UTC");
            ex.getResponseHeaders().add("X-ClickHouse-Server-Display-Name", "chdb");
            if (result.failed()) {
                Matcher m = ERROR_CODE.matcher(result.error());
                int code = m.find() ? Integer.parseInt(m.group(1)) : 1000;
                sendError(ex, code == 62 ? 400 : 500, code, result.error());
                if (code == ABORTED && result.error().contains("fatal error")) {
                    // chDB hit a fatal error and refuses every query from now on, without exiting: end this process, so
                    // that whoever started it (the embedded run's supervisor) starts it again on the same data
                    Thread.ofPlatform().start(() -> {
                        System.err.println("chDB reported a fatal error; exiting for a restart: " + result.error());
                        endNow();
                    });
                }
                return;
            }
            ex.getResponseHeaders().add("X-ClickHouse-Format", format);
            ex.getResponseHeaders().add("X-ClickHouse-Summary", String.format(Locale.ROOT,
                    "{\"read_rows\":\"%d\",\"read_bytes\":\"%d\",\"written_rows\":\"%d\",\"written_bytes\":\"%d\","
                            + "\"total_rows_to_read\":\"0\",\"result_rows\":\"0\",\"result_bytes\":\"%d\",\"elapsed_ns\":\"%d\"}",
                    result.rowsRead(), result.bytesRead(), result.rowsWritten(), result.bytesWritten(),
                    result.data().length, (long) (result.elapsedSeconds() * 1e9)));
            send(ex, 200, method.equals("HEAD") ? new byte[0] : result.data(), contentType(format));
        } catch (RequestTooLarge e) {
            sendError(ex, 413, 0, "Code: 0. DB::Exception: request body over " + MAX_BODY_BYTES + " bytes");
        } catch (RuntimeException e) {
            sendError(ex, 500, 1001, "Code: 1001. DB::Exception: " + e);
        } catch (OutOfMemoryError e) {
            // a result too large for this front's heap: the client must hear of it, not wait for ever
            sendError(ex, 500, 241, "Code: 241. DB::Exception: the result does not fit the embedded server's memory"
                    + " (MEMORY_LIMIT_EXCEEDED)");
        }
    }

    /** One request's statement with its database and settings, as one unit on the shared session. */
    private Chdb.Result execute(String database, Map<String, String> settings, byte[] sql, String format) {
        synchronized (chdb) {
            if (database != null && !database.equals(currentDatabase)) {
                if (!IDENTIFIER.matcher(database).matches()) {
                    return failure(81, "Database " + database + " does not exist. (UNKNOWN_DATABASE)");
                }
                Chdb.Result use = chdb.query("USE " + database, "TabSeparated");
                if (use.failed()) {
                    return use;
                }
                currentDatabase = database;
            }
            // the session keeps what the last request set: change only what differs, put back what this one leaves out
            // (each setting's default is read once) — a run of inserts with the same settings costs no extra statements
            for (var it = sessionSettings.entrySet().iterator(); it.hasNext(); ) {
                var set = it.next();
                if (!settings.containsKey(set.getKey())) {
                    Chdb.Result reset = chdb.query("SET " + set.getKey() + " = " + literal(defaults.get(set.getKey())), "TabSeparated");
                    if (reset.failed()) {
                        return reset;
                    }
                    it.remove();
                }
            }
            for (var s : settings.entrySet()) {
                if (!SETTING_NAME.matcher(s.getKey()).matches()) {
                    return failure(115, "Unknown setting " + s.getKey() + ". (UNKNOWN_SETTING)");
                }
                if (s.getValue().equals(sessionSettings.get(s.getKey()))) {
                    continue;
                }
                if (!defaults.containsKey(s.getKey())) {
                    Chdb.Result previous = chdb.query("SELECT toString(getSetting('" + s.getKey() + "'))", "TabSeparatedRaw");
                    if (previous.failed()) {
                        return previous;
                    }
                    defaults.put(s.getKey(), new String(previous.data(), StandardCharsets.UTF_8).strip());
                }
                Chdb.Result set = chdb.query("SET " + s.getKey() + " = " + literal(s.getValue()), "TabSeparated");
                if (set.failed()) {
                    return set;
                }
                sessionSettings.put(s.getKey(), s.getValue());
            }
            return chdb.query(sql, format);
        }
    }

    private static Chdb.Result failure(int code, String message) {
        return new Chdb.Result(new byte[0], "Code: " + code + ". DB::Exception: " + message, 0, 0, 0, 0, 0);
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static byte[] join(String query, byte[] data) {
        byte[] q = query.getBytes(StandardCharsets.UTF_8);
        if (data.length == 0) {
            return q;
        }
        byte[] all = new byte[q.length + 1 + data.length];
        System.arraycopy(q, 0, all, 0, q.length);
        all[q.length] = '\n';
        System.arraycopy(data, 0, all, q.length + 1, data.length);
        return all;
    }

    private static byte[] readBody(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_BODY_BYTES) {
                throw new RequestTooLarge();
            }
        }
        return out.toByteArray();
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static String first(String a, String b) {
        return a != null && !a.isEmpty() ? a : (b != null && !b.isEmpty() ? b : null);
    }

    private static String contentType(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.startsWith("json")) {
            return "application/json; charset=UTF-8";
        }
        if (f.startsWith("tabseparated") || f.startsWith("tsv") || f.startsWith("csv") || f.startsWith("pretty")) {
            return "text/plain; charset=UTF-8";
        }
        return "application/octet-stream";
    }

    private static void send(HttpExchange ex, int status, byte[] body, String contentType) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sendError(HttpExchange ex, int status, int code, String message) throws IOException {
        ex.getResponseHeaders().set("X-ClickHouse-Exception-Code", Integer.toString(code));
        String text = message.endsWith("\n") ? message : message + "\n";
        send(ex, status, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static final class RequestTooLarge extends RuntimeException {
        RequestTooLarge() {
            super(null, null, false, false);
        }
    }

    /**
     * Ends this process at once. {@code Runtime.halt} alone is not enough after a chDB fatal error: the library's own
     * exit handlers run on the way out and hang for minutes (seen: five, then a crash), with every query refused
     * meanwhile; starting {@code kill(1)} hung there too (seen: the same five minutes). So libc's {@code kill(2)} is
     * called on this process directly (no fork), SIGKILL, which no handler of the library can delay; {@code halt}
     * stays as the fallback.
     */
    static void endNow() {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle kill = linker.downcallHandle(linker.defaultLookup().find("kill").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            int ignored = (int) kill.invokeExact((int) ProcessHandle.current().pid(), SIGKILL);
        } catch (Throwable e) {
            System.err.println("kill(2) failed, halting instead: " + e);
        }
        Runtime.getRuntime().halt(FATAL_EXIT);
    }

    private static final int SIGKILL = 9;
}
