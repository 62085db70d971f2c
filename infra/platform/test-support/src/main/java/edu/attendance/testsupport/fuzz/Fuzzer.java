package edu.attendance.testsupport.fuzz;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bad input for every operation of the platform's OpenAPI document, as a hostile client would send it: wrong types,
 * missing and unknown members, duplicate keys, huge strings, NUL and odd Unicode, bad UUIDs, far dates, bad charsets,
 * path oddities, oversized headers and URIs. Each {@link Case} is built to be invalid; the answer must be a 4xx
 * problem+json with a {@code code} — never a 5xx, never a success for a write. {@link #table} is the fixed table the
 * tests run; {@link #random} draws from the same generators for the benchmark's long runs.
 */
public final class Fuzzer {

    /** Who sends a case: a name for the tally and an access token (null: anonymous). */
    public record Caller(String name, String token) {
    }

    /** One request. {@code raw}: sent byte for byte on a socket of its own (what no HTTP client library would send). */
    public record Case(String operation, String mutation, String method, String path, Map<String, String> headers,
                       byte[] body, boolean raw, Caller caller, boolean write) {
        @Override
        public String toString() {
            return caller.name() + " " + method + " " + (path.length() > 120 ? path.substring(0, 120) + "…" : path) + " [" + mutation + "]";
        }
    }

    /** What came back; {@code violation} says why the answer is wrong, null when it is right. */
    public record Outcome(Case sent, int status, String contentType, String code, String violation) {
    }

    /** Counts by status and by violation, and the first violations in full. */
    public static final class Tally {
        private final AtomicLong requests = new AtomicLong();
        private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> byCode = new ConcurrentHashMap<>();
        private final List<Outcome> violations = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong violationCount = new AtomicLong();

        public void add(Outcome o) {
            requests.incrementAndGet();
            byStatus.computeIfAbsent(o.status(), k -> new AtomicLong()).incrementAndGet();
            if (o.code() != null) {
                byCode.computeIfAbsent(o.code(), k -> new AtomicLong()).incrementAndGet();
            }
            if (o.violation() != null) {
                violationCount.incrementAndGet();
                if (violations.size() < 200) {
                    violations.add(o);
                }
            }
        }

        public long requests() {
            return requests.get();
        }

        public long serverErrors() {
            return byStatus.entrySet().stream().filter(e -> e.getKey() >= 500 || e.getKey() == 0)
                    .mapToLong(e -> e.getValue().get()).sum();
        }

        public long violations() {
            return violationCount.get();
        }

        public List<Outcome> firstViolations() {
            return List.copyOf(violations);
        }

        public String summary() {
            StringBuilder s = new StringBuilder();
            s.append(requests.get()).append(" requests, ").append(serverErrors()).append(" 5xx or unanswered, ")
                    .append(violationCount.get()).append(" violations\n  by status:");
            new TreeMap<>(byStatus).forEach((k, v) -> s.append(' ').append(k == 0 ? "none" : k).append('×').append(v.get()));
            s.append("\n  by code:");
            new TreeMap<>(byCode).forEach((k, v) -> s.append(' ').append(k).append('×').append(v.get()));
            return s.toString();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HUGE = "x".repeat(100_000);

    /** Path segment values no route takes. */
    private static final List<String[]> PATH_VALUES = List.of(
            new String[]{"blank", "%20"}, new String[]{"not-a-uuid", "not-a-uuid"}, new String[]{"nul", "a%00b"},
            new String[]{"long", "y".repeat(3000)}, new String[]{"emoji", "%F0%9F%98%80"}, new String[]{"rtl", "%E2%80%AEabc"},
            new String[]{"digits", "123456789012345678901"}, new String[]{"negative", "-1"},
            new String[]{"encoded-slash", "a%2Fb"}, new String[]{"encoded-percent", "%2525"}, new String[]{"dot-dot", ".."},
            new String[]{"matrix", "x;y=1"}, new String[]{"quote", "%22%27%3C%3E"});

    /** Query values no parameter takes (one parameter at a time, the others absent). */
    private static final List<String[]> QUERY_VALUES = List.of(
            new String[]{"empty", ""}, new String[]{"nul", "a%00b"}, new String[]{"huge", "z".repeat(6000)},
            new String[]{"negative", "-1"}, new String[]{"overflow", "999999999999999999999"},
            new String[]{"far-date", "%2B999999999-12-31"}, new String[]{"past-date", "-999999999-01-01"},
            new String[]{"exponent", "1e400"}, new String[]{"emoji", "%F0%9F%98%80"}, new String[]{"array", "%5B%5D"},
            new String[]{"sql", "%27%20OR%201%3D1--"}, new String[]{"bad-uuid", "00000000-0000-0000-0000-00000000000g"});

    private final URI base;
    private final List<Operation> operations = new ArrayList<>();

    private record Operation(String method, String template, List<String> pathParams, List<String> queryParams,
                             String bodyType, JsonNode bodySchema) {
        String name() {
            return method + " " + template;
        }

        boolean write() {
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }

    /** The operations of {@code openApi} (the platform's {@code /v3/api-docs}) against {@code base}. */
    public Fuzzer(URI base, String openApi) {
        this.base = base;
        JsonNode doc = JSON.readTree(openApi);
        JsonNode schemas = doc.path("components").path("schemas");
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                List<String> pathParams = new ArrayList<>();
                List<String> queryParams = new ArrayList<>();
                for (JsonNode p : op.getValue().path("parameters")) {
                    String in = p.path("in").asString();
                    if (in.equals("path")) {
                        pathParams.add(p.path("name").asString());
                    } else if (in.equals("query")) {
                        queryParams.add(p.path("name").asString());
                    }
                }
                String bodyType = null;
                JsonNode bodySchema = null;
                JsonNode content = op.getValue().path("requestBody").path("content");
                Iterator<String> types = content.propertyNames().iterator();
                if (types.hasNext()) {
                    bodyType = types.next();
                    bodySchema = resolve(content.path(bodyType).path("schema"), schemas);
                } else if (!method.equals("GET") && !method.equals("DELETE")) {
                    bodyType = "application/json";
                }
                operations.add(new Operation(method, path.getKey(), pathParams, queryParams, bodyType, bodySchema));
            }
        }
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("no operations in the OpenAPI document (was it one?)");
        }
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        String ref = schema.path("$ref").asString("");
        return ref.startsWith("#/components/schemas/") ? schemas.path(ref.substring("#/components/schemas/".length())) : schema;
    }

    public int operationCount() {
        return operations.size();
    }

    /** The fixed table: for every operation and caller, each path, query and body mutation once, plus server-level cases. */
    public List<Case> table(List<Caller> callers) {
        List<Case> cases = new ArrayList<>();
        for (Operation op : operations) {
            for (Caller caller : callers) {
                for (String[] v : PATH_VALUES) {
                    if (!op.pathParams().isEmpty()) {
                        cases.add(pathCase(op, caller, v[0], v[1]));
                    }
                }
                for (String q : op.queryParams()) {
                    for (String[] v : QUERY_VALUES) {
                        cases.add(queryCase(op, caller, q, v[0], v[1]));
                    }
                }
                if (op.bodyType() != null) {
                    cases.addAll(bodyCases(op, caller));
                }
            }
        }
        cases.addAll(serverCases(callers.getFirst()));
        return cases;
    }

    /** {@code n} cases drawn at random (seeded) from the same generators. */
    public List<Case> random(List<Caller> callers, int n, long seed) {
        List<Case> all = table(callers);
        Random random = new Random(seed);
        List<Case> drawn = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            drawn.add(all.get(random.nextInt(all.size())));
        }
        return drawn;
    }

    private String filled(Operation op, String override, String overrideValue) {
        String path = op.template();
        for (String p : op.pathParams()) {
            String value = p.equals(override) ? overrideValue : placeholder(p);
            path = path.replace("{" + p + "}", value);
        }
        return path;
    }

    private static String placeholder(String param) {
        // an id nobody has: the route answers 404 (or 400 for a non-UUID id) rather than acting on a real record
        return param.toLowerCase(Locale.ROOT).contains("entity") ? "students" : UUID.nameUUIDFromBytes(param.getBytes()).toString();
    }

    private Case pathCase(Operation op, Caller caller, String mutation, String value) {
        String target = op.pathParams().get(Math.floorMod(mutation.hashCode(), op.pathParams().size()));
        String path = filled(op, target, value);
        boolean raw = !isUri(path);
        return new Case(op.name(), "path " + target + "=" + mutation, op.method(), path, jsonHeaders(op),
                op.bodyType() == null ? null : "{}".getBytes(StandardCharsets.UTF_8), raw, caller, false);
    }

    private Case queryCase(Operation op, Caller caller, String param, String mutation, String value) {
        String path = filled(op, null, null) + "?" + param + "=" + value;
        return new Case(op.name(), "query " + param + "=" + mutation, op.method(), path, jsonHeaders(op),
                op.bodyType() == null ? null : "{}".getBytes(StandardCharsets.UTF_8), !isUri(path), caller, false);
    }

    private static Map<String, String> jsonHeaders(Operation op) {
        return op.bodyType() == null ? Map.of() : Map.of("Content-Type", op.bodyType());
    }

    private List<Case> bodyCases(Operation op, Caller caller) {
        String path = filled(op, null, null);
        List<Case> cases = new ArrayList<>();
        if (op.bodyType().startsWith("text/csv") || op.bodyType().startsWith("text/plain")) {
            cases.add(body(op, caller, path, "csv-nul", "text/csv", "email,name\na\u0000b,c\n".getBytes(StandardCharsets.UTF_8)));
            cases.add(body(op, caller, path, "csv-latin1", "text/csv", new byte[]{'n', 'a', 'm', 'e', '\n', (byte) 0xE9, '\n'}));
            cases.add(body(op, caller, path, "csv-binary", "text/csv", binary()));
            cases.add(body(op, caller, path, "csv-bad-charset", "text/csv; charset=bogus", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));
            cases.add(body(op, caller, path, "csv-wrong-type", "application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
            cases.add(body(op, caller, path, "csv-bad-rows", "text/csv", ("unknown_column\n" + "x\n".repeat(5000)).getBytes(StandardCharsets.UTF_8)));
            return cases;
        }
        String type = "application/json";
        for (String[] raw : List.of(new String[]{"empty", ""}, new String[]{"truncated", "{\"a\":"}, new String[]{"array", "[]"},
                new String[]{"null", "null"}, new String[]{"string", "\"s\""}, new String[]{"number", "1e400"},
                new String[]{"unknown-member", "{\"fuzz\":1}"}, new String[]{"deep", "[".repeat(5000) + "]".repeat(5000)},
                new String[]{"nul-key", "{\"a\\u0000\":1}"}, new String[]{"lone-surrogate", "{\"fuzz\":\"\\ud800\"}"},
                new String[]{"bom", "\uFEFF{}"}, new String[]{"trailing", "{} {}"})) {
            cases.add(body(op, caller, path, "json-" + raw[0], type, raw[1].getBytes(StandardCharsets.UTF_8)));
        }
        cases.add(body(op, caller, path, "json-bad-charset", "application/json; charset=bogus", "{}".getBytes(StandardCharsets.UTF_8)));
        cases.add(body(op, caller, path, "json-as-xml", "application/xml", "<a/>".getBytes(StandardCharsets.UTF_8)));
        cases.add(body(op, caller, path, "json-bad-utf8", type, new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
        JsonNode properties = op.bodySchema() == null ? null : op.bodySchema().path("properties");
        if (properties != null && !properties.isMissingNode()) {
            for (Map.Entry<String, JsonNode> p : properties.properties()) {
                String name = p.getKey();
                String kind = p.getValue().path("type").asString("object");
                List<String[]> values = new ArrayList<>(List.of(
                        new String[]{"object", "{\"x\":1}"}, new String[]{"array", "[1,[2]]"},
                        new String[]{"nul", "\"a\\u0000b\""}, new String[]{"huge", "\"" + HUGE + "\""},
                        new String[]{"far-date", "\"+999999999-12-31T23:59:59Z\""}, new String[]{"exponent", "1e400"}));
                if (!kind.equals("string")) {
                    values.add(new String[]{"string", "\"not-a-" + kind + "\""});
                }
                for (String[] v : values) {
                    // the mutated member first, then one no schema has: invalid even where the value would pass
                    String json = "{" + JSON.writeValueAsString(name) + ":" + v[1] + ",\"fuzz\":1}";
                    cases.add(body(op, caller, path, "member " + name + "=" + v[0], type, json.getBytes(StandardCharsets.UTF_8)));
                }
                String duplicate = "{" + JSON.writeValueAsString(name) + ":\"a\"," + JSON.writeValueAsString(name) + ":\"b\"}";
                cases.add(body(op, caller, path, "member " + name + " twice", type, duplicate.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return cases;
    }

    private static byte[] binary() {
        byte[] b = new byte[4096];
        new Random(7).nextBytes(b);
        return b;
    }

    private Case body(Operation op, Caller caller, String path, String mutation, String contentType, byte[] body) {
        return new Case(op.name(), mutation, op.method(), path, Map.of("Content-Type", contentType), body, false, caller, true);
    }

    /** What the HTTP server itself refuses: long URIs, big headers, odd methods and paths, bytes that are not HTTP. */
    private List<Case> serverCases(Caller caller) {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("server", "uri-over-8k", "GET", "/api/v1/me?x=" + "a".repeat(9000), Map.of(), null, true, caller, false));
        cases.add(new Case("server", "header-100k", "GET", "/api/v1/me", Map.of("X-Big", "b".repeat(100_000)), null, true, caller, false));
        cases.add(new Case("server", "many-headers", "GET", "/api/v1/me", manyHeaders(), null, true, caller, false));
        for (String method : List.of("TRACE", "PROPFIND", "CONNECT", "FUZZ", "OPTIONS")) {
            cases.add(new Case("server", "method-" + method, method, "/api/v1/me", Map.of(), null, true, caller, false));
        }
        for (String[] p : List.of(new String[]{"dot-dot", "/../../etc/passwd"}, new String[]{"dot-dot-api", "/api/v1/../../x"},
                new String[]{"double-slash", "/api//v1/me"}, new String[]{"bad-escape", "/api/v1/me%zz"},
                new String[]{"bad-utf8", "/api/v1/m%C3%28e"}, new String[]{"raw-utf8", "/api/v1/m\u00e9"},
                new String[]{"encoded-slash", "/api/v1/a%2Fb"}, new String[]{"backslash", "/api/v1\\me"},
                new String[]{"no-slash", "api/v1/me"}, new String[]{"asterisk", "*"}, new String[]{"absolute", "http://evil.test/api/v1/me"},
                new String[]{"nul-path", "/api/v1/me%00"}, new String[]{"semicolon", "/api/v1/me;jsessionid=1"})) {
            cases.add(new Case("server", "path-" + p[0], "GET", p[1], Map.of(), null, true, caller, false));
        }
        cases.add(new Case("server", "not-http", "GARBAGE", "", Map.of(), null, true, caller, false));
        cases.add(new Case("server", "chunked-garbage", "POST", "/api/v1/auth/dev-login",
                Map.of("Transfer-Encoding", "chunked", "Content-Type", "application/json"), "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8),
                true, caller, true));
        cases.add(new Case("server", "length-mismatch", "POST", "/api/v1/auth/dev-login",
                Map.of("Content-Length", "abc", "Content-Type", "application/json"), null, true, caller, true));
        return cases;
    }

    private static Map<String, String> manyHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) {
            h.put("X-H" + i, "v");
        }
        return h;
    }

    private static boolean isUri(String path) {
        try {
            URI u = new URI(path);
            return path.startsWith("/") && u.getRawPath() != null && path.chars().allMatch(c -> c > 0x20 && c < 0x7F)
                    && !path.contains("%00") && !path.contains("/../") && !path.endsWith("/..");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Sends one case and judges the answer. */
    public Outcome send(Case c) {
        int status;
        String contentType;
        byte[] body;
        try {
            if (c.raw()) {
                RawAnswer a = sendRaw(c);
                status = a.status();
                contentType = a.contentType();
                body = a.body();
            } else {
                HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(c.path())).timeout(Duration.ofSeconds(15))
                        .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
                c.headers().forEach(b::header);
                if (c.caller().token() != null) {
                    b.header("Authorization", "Bearer " + c.caller().token());
                }
                HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                status = r.statusCode();
                contentType = r.headers().firstValue("Content-Type").orElse("");
                try (InputStream in = r.body()) {
                    body = in.readNBytes(1 << 20);
                }
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Outcome(c, 0, "", null, "no answer: " + e);
        }
        String code = null;
        if (contentType.startsWith("application/problem+json")) {
            try {
                code = JSON.readTree(body).path("code").asString(null);
            } catch (RuntimeException e) {
                code = null;
            }
        }
        String violation = null;
        if (status >= 500) {
            violation = "server error " + status;
        } else if (status >= 400 && !contentType.startsWith("application/problem+json")) {
            violation = status + " without problem+json (" + contentType + ")";
        } else if (status >= 400 && (code == null || code.isBlank())) {
            violation = status + " problem without a code";
        } else if (status < 400 && c.write()) {
            violation = status + ": a write accepted bad input";
        }
        return new Outcome(c, status, contentType, code, violation);
    }

    private record RawAnswer(int status, String contentType, byte[] body) {
    }

    private RawAnswer sendRaw(Case c) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            if (c.method().equals("GARBAGE")) {
                req.write("\u0016\u0003\u0001 not http at all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else {
                req.write((c.method() + " " + c.path() + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                        + "\r\nConnection: close\r\n").getBytes(StandardCharsets.UTF_8));
                if (c.caller().token() != null) {
                    req.write(("Authorization: Bearer " + c.caller().token() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                for (Map.Entry<String, String> h : c.headers().entrySet()) {
                    req.write((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
                boolean framed = c.headers().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Content-Length") || k.equalsIgnoreCase("Transfer-Encoding"));
                if (c.body() != null && !framed) {
                    req.write(("Content-Length: " + c.body().length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                req.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                if (c.body() != null) {
                    req.write(c.body());
                }
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(req.toByteArray());
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before the whole request is written (a 431 mid-headers)
            }
            // read what arrives until the server closes; a reset after its answer (it closed with our request unread)
            // keeps what was read before it
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                InputStream in = socket.getInputStream();
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // keep what was read
            }
            return parse(answer.toByteArray());
        }
    }

    private static RawAnswer parse(byte[] all) throws IOException {
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("no HTTP answer (" + all.length + " bytes)");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        String contentType = "";
        boolean chunked = false;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(13).strip();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
        return new RawAnswer(status, contentType, chunked ? dechunk(body) : body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < chunked.length) {
            int lineEnd = indexOf(chunked, i);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(new String(chunked, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
