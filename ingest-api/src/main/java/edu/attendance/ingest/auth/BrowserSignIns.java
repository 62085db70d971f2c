package edu.attendance.ingest.auth;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.web.Blocking;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.web.server.ServerAuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The browser sign-in's unfinished authorization requests, kept in PostgreSQL rather than in one instance's memory
 * (Spring Security's default is the web session): with several ingest instances behind a proxy, the browser's return
 * from the identity provider may reach another instance than the one it left from, and must still be recognised there.
 * Each request is stored under its random {@code state}; the browser that began the flow holds the same state in an
 * {@code HttpOnly} cookie, and a return whose {@code state} parameter differs from its cookie finds nothing — a flow
 * begun in one browser cannot be finished in another (login CSRF). A request is taken once (deleted as it is read) and
 * lives {@link #LIFETIME} at most.
 */
@Component
class BrowserSignIns implements ServerAuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE = "attendance_sign_in";
    static final Duration LIFETIME = Duration.ofMinutes(10);

    /** What is kept of a request: every field Spring Security reads back, as text. */
    record Stored(String authorizationUri, String clientId, String redirectUri, Set<String> scopes, String state,
                  Map<String, String> additionalParameters, Map<String, String> attributes, String authorizationRequestUri) {

        static Stored of(OAuth2AuthorizationRequest r) {
            return new Stored(r.getAuthorizationUri(), r.getClientId(), r.getRedirectUri(), r.getScopes(), r.getState(),
                    text(r.getAdditionalParameters()), text(r.getAttributes()), r.getAuthorizationRequestUri());
        }

        OAuth2AuthorizationRequest request() {
            return OAuth2AuthorizationRequest.authorizationCode()
                    .authorizationUri(authorizationUri).clientId(clientId).redirectUri(redirectUri).scopes(scopes).state(state)
                    .additionalParameters(Map.copyOf(additionalParameters)).attributes(Map.copyOf(attributes))
                    .authorizationRequestUri(authorizationRequestUri)
                    .build();
        }

        private static Map<String, String> text(Map<String, Object> values) {
            Map<String, String> out = new LinkedHashMap<>();
            values.forEach((k, v) -> out.put(k, String.valueOf(v)));
            return out;
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final boolean production;

    BrowserSignIns(JdbcClient jdbc, JsonMapper json, Clock clock, AttendanceProperties props) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.production = props.profile() == AttendanceProperties.Profile.PRODUCTION;
    }

    @Override
    public Mono<Void> saveAuthorizationRequest(OAuth2AuthorizationRequest request, ServerWebExchange exchange) {
        if (request == null) {
            return removeAuthorizationRequest(exchange).then();
        }
        String stored = json.writeValueAsString(Stored.of(request));
        return Blocking.run(() -> {
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.sql("DELETE FROM browser_sign_ins WHERE started_at < ?").param(Timestamp.from(clock.instant().minus(LIFETIME))).update();
            jdbc.sql("INSERT INTO browser_sign_ins (state, request, started_at) VALUES (?, ?, ?)").params(request.getState(), stored, now).update();
        }).then(Mono.fromRunnable(() -> exchange.getResponse().addCookie(cookie(exchange, request.getState(), LIFETIME))));
    }

    @Override
    public Mono<OAuth2AuthorizationRequest> loadAuthorizationRequest(ServerWebExchange exchange) {
        String state = boundState(exchange);
        if (state == null) {
            return Mono.empty();
        }
        return Blocking.call(() -> jdbc.sql("SELECT request FROM browser_sign_ins WHERE state = ? AND started_at >= ?")
                        .params(state, Timestamp.from(clock.instant().minus(LIFETIME))).query(String.class).optional().orElse(null))
                .map(this::request);
    }

    @Override
    public Mono<OAuth2AuthorizationRequest> removeAuthorizationRequest(ServerWebExchange exchange) {
        String state = boundState(exchange);
        Mono<Void> forget = Mono.fromRunnable(() -> {
            if (exchange.getRequest().getCookies().getFirst(COOKIE) != null) {
                exchange.getResponse().addCookie(cookie(exchange, "", Duration.ZERO));
            }
        });
        // taken once: two returns with the same state (a replayed callback, a second tab) find it only the first time
        return forget.then(state == null ? Mono.empty()
                : Blocking.call(() -> jdbc.sql("DELETE FROM browser_sign_ins WHERE state = ? AND started_at >= ? RETURNING request")
                        .params(state, Timestamp.from(clock.instant().minus(LIFETIME))).query(String.class).optional().orElse(null))
                .map(this::request));
    }

    /** The return's {@code state} when this browser's cookie holds the same (compared in constant time); else null. */
    private static String boundState(ServerWebExchange exchange) {
        String state = exchange.getRequest().getQueryParams().getFirst(OAuth2ParameterNames.STATE);
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
        if (state == null || state.isEmpty() || state.length() > 512 || cookie == null
                || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), cookie.getValue().getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return state;
    }

    private OAuth2AuthorizationRequest request(String stored) {
        return json.readValue(stored, Stored.class).request();
    }

    /**
     * The browser's half: {@code HttpOnly}; {@code SameSite=Lax}, which a top-level return from the identity provider
     * carries; {@code Secure} over https and always in production.
     */
    private ResponseCookie cookie(ServerWebExchange exchange, String value, Duration maxAge) {
        boolean secure = production || "https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme());
        return ResponseCookie.from(COOKIE, value).httpOnly(true).secure(secure).sameSite("Lax").path("/").maxAge(maxAge).build();
    }
}
