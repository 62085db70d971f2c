package edu.attendance.systemtests.lms;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import edu.attendance.systemtests.FormData;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An LTI 1.3 platform (an LMS) for the tests, over real HTTP on its own address: its OIDC authorisation endpoint answers
 * a login with a signed {@code id_token} posted back to the tool by an auto-submitting form (as Moodle and Canvas do), it
 * publishes its keys, its token endpoint checks the tool's client assertion against the tool's published keys
 * (signature, issuer, subject, audience, expiry, single-use id), and it serves Names and Role Provisioning (paged with
 * {@code Link: rel="next"}) and Assignment and Grade Services (line items, scores) behind the tokens it issued, each
 * checked for its scope. Its course page shows the tool in an iframe, as an LMS does. No LTI platform library is on
 * Maven Central for Java (Sakai's {@code basiclti-util} is LTI 1.1 and tied to Sakai), so it is written on Nimbus JOSE,
 * the library the tool verifies with — the protocol's messages are built here from the specification, not from the tool.
 */
public final class LtiTestPlatform implements AutoCloseable {

    public static final String NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
    public static final String LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
    public static final String SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
    public static final String INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
    public static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    private static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";

    /** A person of the LMS. */
    public record User(String id, String email, String name, String role, String status) {
    }

    /** A score the tool posted. */
    public record Score(String lineItem, String userId, double scoreGiven, double scoreMaximum, String comment,
                        String activityProgress, String gradingProgress, Instant timestamp) {
    }

    private final HttpServer server;
    private final String base;
    private final RSAKey key;
    public final String clientId = "attendance-tool-" + UUID.randomUUID().toString().substring(0, 8);
    public final String deploymentId = "deployment-1";
    private volatile String toolJwks;
    private volatile String toolLaunch;
    private volatile String toolLogin;
    private final JsonMapper json = JsonMapper.builder().build();
    public final Map<String, User> users = new ConcurrentHashMap<>();
    /** Members of each course (context id → user ids). */
    public final Map<String, List<String>> courses = new ConcurrentHashMap<>();
    public final Map<String, Map<String, Object>> lineItems = new ConcurrentHashMap<>();
    public final List<Score> scores = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> tokens = new ConcurrentHashMap<>();
    private final Set<String> assertionIds = ConcurrentHashMap.newKeySet();
    /** Changes the next id_token's claims before it is signed (a test's bad launch); cleared once used. */
    public volatile Consumer<JWTClaimsSet.Builder> tamper;
    /** How many score posts answer 503 before they are taken (the tool must try again). */
    public volatile int failScores;

    public LtiTestPlatform() throws IOException, JOSEException {
        this.key = new RSAKeyGenerator(2048).keyID("lms-" + UUID.randomUUID()).generate();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where the tool is (the LMS is told when the tool is added). */
    public void tool(String toolBase) {
        this.toolLogin = toolBase + "/api/v1/lti/login";
        this.toolLaunch = toolBase + "/api/v1/lti/launch";
        this.toolJwks = toolBase + "/api/v1/lti/jwks";
    }

    public String issuer() {
        return base;
    }

    public String authUrl() {
        return base + "/auth";
    }

    public String tokenUrl() {
        return base + "/token";
    }

    public String jwksUrl() {
        return base + "/jwks";
    }

    /** The LMS's course page for a user: the tool in an iframe, launched by a third-party login initiation. */
    public String coursePage(String courseId, String userId) {
        return base + "/course?course=" + enc(courseId) + "&user=" + enc(userId);
    }

    /** The login initiation the LMS would make for this user and course. */
    public String loginInitiation(String courseId, String userId) {
        return toolLogin + "?iss=" + enc(base) + "&login_hint=" + enc(userId) + "&target_link_uri=" + enc(toolLaunch)
                + "&lti_message_hint=" + enc(courseId) + "&client_id=" + enc(clientId) + "&lti_deployment_id=" + enc(deploymentId);
    }

    public void add(User u, String... courseIds) {
        users.put(u.id(), u);
        for (String c : courseIds) {
            courses.computeIfAbsent(c, k -> new CopyOnWriteArrayList<>()).add(u.id());
        }
    }

    /** The id_token the LMS posts for a user's launch in a course, with the nonce the tool sent. */
    public String idToken(String userId, String courseId, String nonce) throws JOSEException {
        return sign(claims(userId, courseId, nonce), key);
    }

    public JWTClaimsSet.Builder claims(String userId, String courseId, String nonce) {
        User u = users.get(userId);
        Instant now = Instant.now();
        Map<String, Object> context = Map.of("id", courseId, "label", courseId, "title", "Course " + courseId,
                "type", List.of("http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"));
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(base).subject(userId).audience(clientId).claim("azp", clientId)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("nonce", nonce)
                .claim(LTI + "deployment_id", deploymentId).claim(LTI + "message_type", "LtiResourceLinkRequest")
                .claim(LTI + "version", "1.3.0").claim(LTI + "target_link_uri", toolLaunch)
                .claim(LTI + "resource_link", Map.of("id", "attendance-" + courseId, "title", "Attendance"))
                .claim(LTI + "roles", List.of(u.role())).claim(LTI + "context", context)
                .claim("https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice", Map.of(
                        "context_memberships_url", base + "/courses/" + courseId + "/memberships", "service_versions", List.of("2.0")))
                .claim("https://purl.imsglobal.org/spec/lti-ags/claim/endpoint", Map.of(
                        "scope", List.of(LINEITEM, "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly", SCORE),
                        "lineitems", base + "/courses/" + courseId + "/lineitems"));
        if (u.email() != null) {
            b.claim("email", u.email());
        }
        return b.claim("name", u.name());
    }

    public static String sign(JWTClaimsSet.Builder claims, RSAKey key) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    public RSAKey key() {
        return key;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            Map<String, String> q = FormData.parse(x.getRequestURI().getRawQuery());
            switch (path) {
                case "/favicon.ico" -> send(x, 204, null, null);
                case "/jwks" -> send(x, 200, "application/json", new JWKSet(key.toPublicJWK()).toString(true));
                case "/auth" -> authorize(x, q);
                case "/token" -> token(x, FormData.parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                case "/course" -> send(x, 200, "text/html", """
                        <!doctype html><html lang="en"><head><title>Course %1$s · LMS</title></head><body>
                        <h1>Course %1$s</h1><p>Attendance, inside the LMS:</p>
                        <iframe id="tool" title="Attendance" src="%2$s" style="width: 100%%; height: 85vh; border: 1px solid #999" allow="camera; geolocation"></iframe>
                        </body></html>""".formatted(esc(q.get("course")), esc(loginInitiation(q.get("course"), q.get("user")))));
                default -> services(x, path, q);
            }
        } catch (Exception e) {
            send(x, 500, "text/plain", e.toString());
        }
    }

    /** The OIDC authorisation request of the launch (LTI 1.3 core 5.1.2): checked, then the id_token as a form post. */
    private void authorize(HttpExchange x, Map<String, String> q) throws Exception {
        if (!clientId.equals(q.get("client_id")) || !toolLaunch.equals(q.get("redirect_uri")) || !"id_token".equals(q.get("response_type"))
                || !"form_post".equals(q.get("response_mode")) || !"openid".equals(q.get("scope")) || q.get("nonce") == null) {
            send(x, 400, "text/plain", "bad authorisation request: " + q);
            return;
        }
        JWTClaimsSet.Builder claims = claims(q.get("login_hint"), q.get("lti_message_hint"), q.get("nonce"));
        Consumer<JWTClaimsSet.Builder> t = tamper;
        tamper = null;
        if (t != null) {
            t.accept(claims);
        }
        String token = sign(claims, key);
        send(x, 200, "text/html", """
                <!doctype html><html lang="en"><head><title>Launching…</title></head><body>
                <form id="f" method="post" action="%s"><input type="hidden" name="id_token" value="%s">
                <input type="hidden" name="state" value="%s"><noscript><button>Continue</button></noscript></form>
                <script>document.getElementById('f').submit();</script></body></html>
                """.formatted(esc(q.get("redirect_uri")), esc(token), esc(q.get("state"))));
    }

    /** The client-credentials grant with the tool's signed assertion (LTI Security Framework 4.1). */
    private void token(HttpExchange x, Map<String, String> form) throws Exception {
        String assertion = form.get("client_assertion");
        if (!"client_credentials".equals(form.get("grant_type")) || assertion == null
                || !"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))) {
            send(x, 400, "application/json", "{\"error\":\"invalid_request\"}");
            return;
        }
        SignedJWT jwt = SignedJWT.parse(assertion);
        JWKSet toolKeys = JWKSet.load(URI.create(toolJwks).toURL());
        JWK k = toolKeys.getKeyByKeyId(jwt.getHeader().getKeyID());
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        boolean ok = k != null && jwt.verify(new RSASSAVerifier(k.toRSAKey())) && clientId.equals(c.getIssuer())
                && clientId.equals(c.getSubject()) && c.getAudience().contains(tokenUrl())
                && c.getExpirationTime().toInstant().isAfter(Instant.now()) && c.getJWTID() != null && assertionIds.add(c.getJWTID());
        if (!ok) {
            send(x, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        Set<String> granted = new HashSet<>(List.of(form.getOrDefault("scope", "").split(" ")));
        granted.retainAll(Set.of(NRPS, LINEITEM, SCORE, "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"));
        String access = UUID.randomUUID().toString();
        tokens.put(access, granted);
        send(x, 200, "application/json", json.writeValueAsString(Map.of("access_token", access, "token_type", "Bearer",
                "expires_in", 3600, "scope", String.join(" ", granted))));
    }

    private void services(HttpExchange x, String path, Map<String, String> q) throws Exception {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        Set<String> scopes = auth == null || !auth.startsWith("Bearer ") ? null : tokens.get(auth.substring(7));
        if (scopes == null) {
            send(x, 401, "application/json", "{\"error\":\"invalid_token\"}");
            return;
        }
        String[] p = path.split("/"); // "", courses, {id}, memberships | lineitems [, {n}, scores]
        if (p.length < 4 || !p[1].equals("courses") || !courses.containsKey(p[2])) {
            send(x, 404, "text/plain", "no such course");
            return;
        }
        String course = p[2];
        if (p[3].equals("memberships") && x.getRequestMethod().equals("GET")) {
            if (!scopes.contains(NRPS)) {
                send(x, 403, "text/plain", "scope");
                return;
            }
            memberships(x, course, Integer.parseInt(q.getOrDefault("page", "0")));
        } else if (p[3].equals("lineitems") && p.length == 4 && x.getRequestMethod().equals("GET")) {
            List<Map<String, Object>> items = lineItems.values().stream()
                    .filter(i -> i.get("id").toString().contains("/courses/" + course + "/"))
                    .filter(i -> q.get("tag") == null || q.get("tag").equals(i.get("tag")))
                    .filter(i -> q.get("resource_id") == null || q.get("resource_id").equals(i.get("resourceId"))).toList();
            send(x, 200, "application/vnd.ims.lis.v2.lineitemcontainer+json", json.writeValueAsString(items));
        } else if (p[3].equals("lineitems") && p.length == 4 && x.getRequestMethod().equals("POST")) {
            if (!scopes.contains(LINEITEM) || !"application/vnd.ims.lis.v2.lineitem+json".equals(x.getRequestHeaders().getFirst("Content-Type"))) {
                send(x, 403, "text/plain", "scope or type");
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> item = new LinkedHashMap<>(json.readValue(x.getRequestBody().readAllBytes(), Map.class));
            String id = base + "/courses/" + course + "/lineitems/" + (lineItems.size() + 1);
            item.put("id", id);
            lineItems.put(id, item);
            send(x, 201, "application/vnd.ims.lis.v2.lineitem+json", json.writeValueAsString(item));
        } else if (p[3].equals("lineitems") && p.length == 6 && p[5].equals("scores") && x.getRequestMethod().equals("POST")) {
            String item = base + "/courses/" + course + "/lineitems/" + p[4];
            if (!scopes.contains(SCORE) || !lineItems.containsKey(item)
                    || !"application/vnd.ims.lis.v1.score+json".equals(x.getRequestHeaders().getFirst("Content-Type"))) {
                send(x, 403, "text/plain", "scope, item or type");
                return;
            }
            if (failScores > 0) {
                failScores--;
                send(x, 503, "text/plain", "busy");
                return;
            }
            Map<?, ?> s = json.readValue(x.getRequestBody().readAllBytes(), Map.class);
            scores.add(new Score(item, (String) s.get("userId"), ((Number) s.get("scoreGiven")).doubleValue(),
                    ((Number) s.get("scoreMaximum")).doubleValue(), (String) s.get("comment"), (String) s.get("activityProgress"),
                    (String) s.get("gradingProgress"), Instant.parse((String) s.get("timestamp"))));
            send(x, 204, null, null);
        } else {
            send(x, 404, "text/plain", "no such service");
        }
    }

    /** Names and Role Provisioning 2.0: two members a page, the next page in a Link header. */
    private void memberships(HttpExchange x, String course, int page) throws Exception {
        List<String> ids = courses.get(course);
        List<Map<String, Object>> members = new ArrayList<>();
        for (String id : ids.subList(Math.min(ids.size(), page * 2), Math.min(ids.size(), page * 2 + 2))) {
            User u = users.get(id);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("user_id", u.id());
            m.put("status", u.status());
            m.put("name", u.name());
            if (u.email() != null) {
                m.put("email", u.email());
            }
            m.put("roles", List.of(u.role()));
            members.add(m);
        }
        if ((page + 1) * 2 < ids.size()) {
            x.getResponseHeaders().add("Link", "<" + base + "/courses/" + course + "/memberships?page=" + (page + 1) + ">; rel=\"next\"");
        }
        send(x, 200, "application/vnd.ims.lti-nrps.v2.membershipcontainer+json", json.writeValueAsString(Map.of(
                "id", base + "/courses/" + course + "/memberships", "context", Map.of("id", course), "members", members)));
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (type != null) {
            x.getResponseHeaders().set("Content-Type", type + (type.startsWith("text/") ? "; charset=utf-8" : ""));
        }
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }


    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public URL url(String path) throws IOException {
        return URI.create(base + path).toURL();
    }
}
