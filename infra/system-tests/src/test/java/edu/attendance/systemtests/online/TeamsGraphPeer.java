package edu.attendance.systemtests.online;

import com.sun.net.httpserver.HttpExchange;
import edu.attendance.systemtests.FormData;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Microsoft's side of Teams' attendance API for the tests, over HTTP on its own port, as Microsoft documents it: the
 * identity platform's client-credentials token endpoint ({@code /{tenant}/oauth2/v2.0/token}, the college's client id
 * and secret, scope {@code https://graph.microsoft.com/.default}), and Graph's {@code /users/{id}/onlineMeetings} filtered
 * by {@code JoinWebUrl}, its {@code attendanceReports} and their {@code attendanceRecords} — each record with its
 * {@code emailAddress}, {@code identity.displayName}, {@code role} and {@code attendanceIntervals} — two records a page
 * with {@code @odata.nextLink}, every call behind the token it issued.
 */
final class TeamsGraphPeer implements AutoCloseable {

    static final String TENANT = "college-tenant";
    static final String CLIENT_ID = "attendance-teams-reader";
    static final String CLIENT_SECRET = "teams-secret-for-tests";

    /** A meeting: its organiser, join link, and per report (meeting instance) its records. */
    record Meeting(String organizer, String joinUrl, Map<String, List<Map<String, Object>>> reports) {
    }

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    final Map<String, Meeting> meetings = new ConcurrentHashMap<>();
    volatile int calls;

    TeamsGraphPeer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static Map<String, Object> record(String email, String name, String... joinLeave) {
        List<Map<String, Object>> intervals = new java.util.ArrayList<>();
        for (int i = 0; i < joinLeave.length; i += 2) {
            intervals.add(Map.of("joinDateTime", joinLeave[i], "leaveDateTime", joinLeave[i + 1], "durationInSeconds", 0));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("emailAddress", email);
        r.put("identity", Map.of("id", UUID.randomUUID().toString(), "displayName", name));
        r.put("role", "Attendee");
        r.put("attendanceIntervals", intervals);
        return r;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            calls++;
            String path = x.getRequestURI().getPath();
            if (path.equals("/login/" + TENANT + "/oauth2/v2.0/token") && x.getRequestMethod().equals("POST")) {
                Map<String, String> form = FormData.parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))
                        || !"client_credentials".equals(form.get("grant_type")) || !"https://graph.microsoft.com/.default".equals(form.get("scope"))) {
                    send(x, 401, Map.of("error", "invalid_client"));
                    return;
                }
                String token = UUID.randomUUID().toString();
                tokens.add(token);
                send(x, 200, Map.of("token_type", "Bearer", "expires_in", 3599, "access_token", token));
                return;
            }
            String auth = x.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
                send(x, 401, Map.of("error", Map.of("code", "InvalidAuthenticationToken")));
                return;
            }
            // /v1.0/users/{organizer}/onlineMeetings[/{id}/attendanceReports[/{rid}/attendanceRecords]]
            String[] p = path.split("/");
            if (p.length < 5 || !p[1].equals("v1.0") || !p[2].equals("users") || !p[4].equals("onlineMeetings")) {
                send(x, 404, Map.of("error", Map.of("code", "NotFound")));
                return;
            }
            String organizer = URLDecoder.decode(p[3], StandardCharsets.UTF_8);
            Map<String, String> q = FormData.parse(x.getRequestURI().getRawQuery());
            if (p.length == 5) {
                String filter = q.getOrDefault("$filter", "");
                List<Map<String, Object>> found = meetings.entrySet().stream()
                        .filter(e -> e.getValue().organizer().equals(organizer)
                                && filter.equals("JoinWebUrl eq '" + e.getValue().joinUrl().replace("'", "''") + "'"))
                        .map(e -> Map.<String, Object>of("id", e.getKey(), "joinWebUrl", e.getValue().joinUrl())).toList();
                send(x, 200, Map.of("value", found));
                return;
            }
            Meeting m = meetings.get(p[5]);
            if (m == null || !m.organizer().equals(organizer)) {
                send(x, 404, Map.of("error", Map.of("code", "NotFound")));
                return;
            }
            if (p.length == 7 && p[6].equals("attendanceReports")) {
                send(x, 200, Map.of("value", m.reports().keySet().stream().map(id -> Map.of("id", id)).toList()));
            } else if (p.length == 9 && p[8].equals("attendanceRecords") && m.reports().containsKey(p[7])) {
                List<Map<String, Object>> records = m.reports().get(p[7]);
                int skip = Integer.parseInt(q.getOrDefault("$skiptoken", "0"));
                Map<String, Object> page = new LinkedHashMap<>();
                page.put("value", records.subList(Math.min(skip, records.size()), Math.min(skip + 2, records.size())));
                if (skip + 2 < records.size()) {
                    page.put("@odata.nextLink", "http://127.0.0.1:" + server.getAddress().getPort() + path + "?$skiptoken=" + (skip + 2));
                }
                send(x, 200, page);
            } else {
                send(x, 404, Map.of("error", Map.of("code", "NotFound")));
            }
        }
    }

    private void send(HttpExchange x, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }


    @Override
    public void close() {
        server.stop(0);
    }
}
