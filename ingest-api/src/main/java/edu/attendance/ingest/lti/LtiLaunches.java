package edu.attendance.ingest.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import edu.attendance.ingest.auth.LaunchSignIn;
import edu.attendance.platform.lti.LtiSettings;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An LMS launch from start to the web app (docs/lms.md): the LMS's login initiation (a state and nonce kept here and a
 * cookie in the browser), the launch it posts back (state taken once, signature against the LMS's key set, then
 * {@link LtiRules}), the person and the course it names, and the hand-over of the platform's tokens to the web app in
 * the LMS's frame. Blocking: the controller runs it off the event loops.
 */
@Component
class LtiLaunches {

    /** Where the browser goes next, and the state its cookie must carry back. */
    record Started(URI redirect, String state) {
    }

    /** A launch that passed: the web app's address to go to, and the hand-over code its cookie carries. */
    record Landed(URI redirect, String code) {
    }

    /** What the web app takes: the tokens and the screen to open. */
    record Handoff(String accessToken, String refreshToken, long expiresIn, LaunchSignIn.Person user, String landing) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    static final Duration HANDOFF_TTL = Duration.ofMinutes(2);
    /** The longest login-initiation parameter taken. */
    static final int MAX_PARAMETER = 2048;

    private final LtiPlatforms platforms;
    private final LtiCourses courses;
    private final LaunchSignIn signIn;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final LtiSettings settings;
    private final Clock clock;
    private final ConcurrentMap<String, JWKSource<SecurityContext>> keySets = new ConcurrentHashMap<>();

    LtiLaunches(LtiPlatforms platforms, LtiCourses courses, LaunchSignIn signIn, JdbcClient jdbc, TransactionTemplate tx,
                LtiSettings settings, Clock clock) {
        this.platforms = platforms;
        this.courses = courses;
        this.signIn = signIn;
        this.jdbc = jdbc;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The LMS's third-party login initiation (LTI 1.3 core 5.1.1): the LMS is known by its issuer (and client id when it
     * has the tool twice); the browser is sent to the LMS's authorisation endpoint with a new state and nonce.
     */
    Started begin(Map<String, String> params, String toolBase) {
        String issuer = params.getOrDefault("iss", "");
        String loginHint = params.getOrDefault("login_hint", "");
        if (issuer.isBlank() || loginHint.isBlank()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a login initiation names the LMS (iss) and the user (login_hint)");
        }
        // the hints go back to the LMS in the redirect's address: an LMS's own are short (ids, a few hundred characters)
        for (String name : List.of("iss", "login_hint", "lti_message_hint", "client_id", "lti_deployment_id", "target_link_uri")) {
            String value = params.get(name);
            if (value != null && value.length() > MAX_PARAMETER) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, name + ": at most " + MAX_PARAMETER + " characters");
            }
        }
        String clientId = params.get("client_id");
        List<LtiPlatforms.Platform> known = platforms.ofIssuer(issuer).stream()
                .filter(p -> clientId == null || clientId.isBlank() || p.clientId().equals(clientId)).toList();
        if (known.size() != 1) {
            throw new ApiException(known.isEmpty() ? ErrorCode.NOT_FOUND : ErrorCode.VALIDATION_FAILED, known.isEmpty()
                    ? "this LMS is not registered here; the college office registers it (Admin → LMS)"
                    : "this LMS holds the tool twice: the login must name its client_id");
        }
        LtiPlatforms.Platform platform = known.getFirst();
        String deployment = params.get("lti_deployment_id");
        if (deployment != null && !deployment.isBlank() && !platform.deploymentIds().contains(deployment)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "this deployment of the tool is not registered here");
        }
        String state = random();
        String nonce = random();
        Instant now = clock.instant();
        jdbc.sql("DELETE FROM lti_logins WHERE started_at < ?").param(Timestamp.from(now.minus(settings.loginTtl()))).update();
        jdbc.sql("INSERT INTO lti_logins (state, nonce, platform_id, started_at) VALUES (?, ?, ?, ?)")
                .params(state, nonce, platform.id(), Timestamp.from(now)).update();
        Map<String, String> q = new LinkedHashMap<>();
        q.put("scope", "openid");
        q.put("response_type", "id_token");
        q.put("response_mode", "form_post");
        q.put("prompt", "none");
        q.put("client_id", platform.clientId());
        q.put("redirect_uri", toolBase + "/api/v1/lti/launch");
        q.put("login_hint", loginHint);
        q.put("state", state);
        q.put("nonce", nonce);
        if (params.get("lti_message_hint") != null) {
            q.put("lti_message_hint", params.get("lti_message_hint"));
        }
        StringBuilder url = new StringBuilder(platform.authLoginUrl()).append(platform.authLoginUrl().contains("?") ? '&' : '?');
        q.forEach((k, v) -> url.append(enc(k)).append('=').append(enc(v)).append('&'));
        url.setLength(url.length() - 1);
        return new Started(URI.create(url.toString()), state);
    }

    /**
     * The launch the LMS posts back (5.1.3): the state taken once (and it must be this browser's), the token verified,
     * checked, its person signed in as the database says, its course recorded; the tokens wait for the web app.
     */
    Landed complete(String idToken, String state, String cookieState, String toolBase) {
        if (state == null || state.isBlank()) {
            throw new LtiRules.Refused(LtiRules.Reason.STATE_UNKNOWN, "the launch carries no state");
        }
        Login login = jdbc.sql("DELETE FROM lti_logins WHERE state = ? RETURNING nonce, platform_id, started_at").param(state)
                .query((rs, n) -> new Login(rs.getString(1), rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant()))
                .optional()
                .filter(l -> l.startedAt().plus(settings.loginTtl()).isAfter(clock.instant()))
                .orElseThrow(() -> new LtiRules.Refused(LtiRules.Reason.STATE_UNKNOWN,
                        "this launch was used already or took too long; start it again from the course"));
        if (cookieState == null || !MessageDigest.isEqual(cookieState.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
            throw new LtiRules.Refused(LtiRules.Reason.BROWSER_MISMATCH, "the launch came back to another browser than the "
                    + "one that started it (is this browser blocking the tool's cookies? open the tool in a new window)");
        }
        LtiPlatforms.Platform platform = platforms.find(login.platformId())
                .orElseThrow(() -> new LtiRules.Refused(LtiRules.Reason.STATE_UNKNOWN, "the LMS was removed meanwhile"));
        if (idToken == null || idToken.isBlank()) {
            throw new LtiRules.Refused(LtiRules.Reason.MALFORMED, "the launch carries no id_token");
        }
        JWTClaimsSet claims = verified(idToken, platform);
        LtiRules.Launch launch = LtiRules.check(claims, platform.registration(), login.nonce(), clock.instant(), settings.clockSkew());
        String email = launch.email() != null ? launch.email()
                : jdbc.sql("SELECT email FROM lti_users WHERE platform_id = ? AND lti_user_id = ?")
                .params(platform.id(), launch.userId()).query(String.class).optional()
                .orElseThrow(() -> new LtiRules.Refused(LtiRules.Reason.UNKNOWN_USER, "the LMS did not send your e-mail "
                        + "and the course roster has not named you yet; ask your teacher to sync the course"));
        LaunchSignIn.Person person = signIn.person(email);
        LtiRules.requireRole(person.role(), launch.roles());
        String code = random();
        tx.executeWithoutResult(t -> {
            jdbc.sql("""
                    INSERT INTO lti_users (platform_id, lti_user_id, email) VALUES (?, ?, ?)
                    ON CONFLICT (platform_id, lti_user_id) DO UPDATE SET email = excluded.email
                    """).params(platform.id(), launch.userId(), person.email()).update();
            String subject = launch.context() == null ? null : courses.launched(platform, launch, person);
            Instant now = clock.instant();
            jdbc.sql("DELETE FROM lti_handoffs WHERE created_at < ?").param(Timestamp.from(now.minus(HANDOFF_TTL))).update();
            jdbc.sql("INSERT INTO lti_handoffs (code_hash, email, landing, created_at) VALUES (?, ?, ?, ?)")
                    .params(sha256(code), person.email(), landing(person.role(), subject, launch.context() != null), Timestamp.from(now))
                    .update();
        });
        // the web app of the tool's own origin: the hand-over's cookie and its call are this origin's
        return new Landed(URI.create(toolBase + "/#/lti"), code);
    }

    /** The web app in the frame takes the tokens of the launch its browser made: once, within minutes. */
    Handoff take(String code) {
        if (code == null || code.isBlank()) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "no LMS launch to take here (open the tool from the course again)");
        }
        record Waiting(String email, String landing) {
        }
        Waiting w = jdbc.sql("DELETE FROM lti_handoffs WHERE code_hash = ? AND created_at > ? RETURNING email, landing")
                .params(sha256(code), Timestamp.from(clock.instant().minus(HANDOFF_TTL)))
                .query((rs, n) -> new Waiting(rs.getString(1), rs.getString(2))).optional()
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED, "this launch was taken already or is too old; "
                        + "open the tool from the course again"));
        LaunchSignIn.Tokens t = signIn.tokens(w.email());
        return new Handoff(t.accessToken(), t.refreshToken(), t.expiresIn(), t.user(), w.landing());
    }

    /** The screen a launch opens: a teacher's course not linked yet opens the LMS screen to link it. */
    static String landing(Role role, String subject, boolean inCourse) {
        return switch (role) {
            case STUDENT -> "#/now";
            case TEACHER -> inCourse && subject == null ? "#/lms" : "#/today";
            case ADMIN -> "#/lms";
            case MANAGEMENT -> "#/dash";
        };
    }

    private record Login(String nonce, UUID platformId, Instant startedAt) {
    }

    /** The token's signature by a key of the LMS's published set (fetched, kept, fetched again for an unknown key id). */
    private JWTClaimsSet verified(String idToken, LtiPlatforms.Platform platform) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(idToken);
        } catch (ParseException e) {
            throw new LtiRules.Refused(LtiRules.Reason.MALFORMED, "the launch's id_token is not a signed JWT");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new LtiRules.Refused(LtiRules.Reason.BAD_SIGNATURE, "the launch is not signed with RS256");
        }
        JWKSource<SecurityContext> source = keySets.computeIfAbsent(platform.id() + " " + platform.jwksUrl(), k -> keySet(platform.jwksUrl()));
        List<? extends Key> keys;
        try {
            keys = new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source).selectJWSKeys(jwt.getHeader(), null);
        } catch (Exception e) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "the LMS's signing keys cannot be fetched now; try again");
        }
        for (Key key : keys) {
            try {
                if (key instanceof RSAPublicKey rsa && jwt.verify(new RSASSAVerifier(rsa))) {
                    return jwt.getJWTClaimsSet();
                }
            } catch (JOSEException | ParseException e) {
                // not this key
            }
        }
        throw new LtiRules.Refused(LtiRules.Reason.BAD_SIGNATURE, "the launch's signature is not the LMS's");
    }

    private JWKSource<SecurityContext> keySet(String url) {
        try {
            int timeout = (int) settings.callTimeout().toMillis();
            return JWKSourceBuilder.create(new URL(url), new DefaultResourceRetriever(timeout, timeout, 512 * 1024))
                    .retrying(true).build();
        } catch (java.net.MalformedURLException e) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "the LMS's key set address is not a URL");
        }
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
