package edu.attendance.platform.lti;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls to an LMS's LTI Advantage services (Names and Role Provisioning, Assignment and Grade Services) as the tool:
 * a service token from the LMS's token endpoint by the client-credentials grant with a signed client assertion
 * (LTI Security Framework 4.1, RFC 7523), kept until a minute before it expires, then the call with it. A 401 from the
 * service drops the token and tries once more with a new one. Blocking: callers run it off the event loops.
 */
public final class LtiServices {

    /** The LMS as the tool calls it: which registration, our client id there, its token endpoint. */
    public record Platform(UUID id, String clientId, String tokenUrl) {
    }

    /** A service's answer: its status, its body, and the next page's address from a {@code Link: <…>; rel="next"}. */
    public record Reply(int status, String body, Optional<String> next) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /** The LMS could not be reached, or refused (its status, 0 when unreachable). */
    public static final class LmsException extends RuntimeException {
        private final int status;

        public LmsException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private record TokenKey(UUID platform, Set<String> scopes) {
    }

    private record Token(String value, Instant refreshAfter) {
    }

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");

    private final HttpClient http;
    private final LtiToolKeys keys;
    private final Duration timeout;
    private final JsonMapper json;
    private final Clock clock;
    private final ConcurrentMap<TokenKey, Token> tokens = new ConcurrentHashMap<>();

    public LtiServices(LtiToolKeys keys, Duration timeout, JsonMapper json, Clock clock) {
        this.keys = keys;
        this.timeout = timeout;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Reply get(Platform platform, Set<String> scopes, String url, String accept) {
        return call(platform, scopes, "GET", url, null, null, accept);
    }

    public Reply send(Platform platform, Set<String> scopes, String method, String url, String contentType, String body, String accept) {
        return call(platform, scopes, method, url, contentType, body, accept);
    }

    private Reply call(Platform platform, Set<String> scopes, String method, String url, String contentType, String body, String accept) {
        TokenKey key = new TokenKey(platform.id(), new TreeSet<>(scopes));
        for (int attempt = 0; ; attempt++) {
            String token = token(platform, key);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(url)).timeout(timeout)
                    .header("Authorization", "Bearer " + token).header("Accept", accept)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<String> response = exchange(request.build());
            if (response.statusCode() == 401 && attempt == 0) {
                tokens.remove(key); // revoked or expired early: once more with a new one
                continue;
            }
            Optional<String> next = response.headers().allValues("Link").stream()
                    .map(NEXT::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
            return new Reply(response.statusCode(), response.body(), next);
        }
    }

    private String token(Platform platform, TokenKey key) {
        Token known = tokens.get(key);
        if (known != null && clock.instant().isBefore(known.refreshAfter())) {
            return known.value();
        }
        String form = "grant_type=client_credentials"
                + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + enc(keys.clientAssertion(platform.clientId(), platform.tokenUrl()))
                + "&scope=" + enc(String.join(" ", key.scopes()));
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(uri(platform.tokenUrl())).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (response.statusCode() != 200) {
            throw new LmsException(response.statusCode(), "the LMS's token endpoint refused the tool (HTTP "
                    + response.statusCode() + ")");
        }
        JsonNode reply = json.readTree(response.body());
        String value = reply.path("access_token").asString("");
        if (value.isBlank()) {
            throw new LmsException(502, "the LMS's token endpoint answered without an access token");
        }
        long seconds = reply.path("expires_in").asLong(3600);
        Token fresh = new Token(value, clock.instant().plusSeconds(Math.max(0, seconds - 60)));
        tokens.put(key, fresh);
        return fresh.value();
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LmsException(0, "the LMS cannot be reached (" + request.uri().getHost() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LmsException(0, "interrupted while calling the LMS");
        }
    }

    private static URI uri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new LmsException(0, "the LMS gave an address that is not a URL");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
