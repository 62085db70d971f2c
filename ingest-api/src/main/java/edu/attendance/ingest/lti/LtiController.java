package edu.attendance.ingest.lti;

import edu.attendance.platform.lti.LtiSettings;
import edu.attendance.platform.lti.LtiToolKeys;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The LTI 1.3 tool over HTTP (docs/lms.md, docs/http-api.md "The LMS"): the LMS's login initiation and launch, the
 * hand-over of tokens to the web app in the LMS's frame, the tool's public keys; the admin's registrations; the
 * teacher's courses, their link to a subject and their roster sync.
 */
@RestController
class LtiController {

    static final String LOGIN_COOKIE = "lti_login";
    static final String HANDOFF_COOKIE = "lti_handoff";

    public record PlatformBody(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 500) String issuer,
                               @NotBlank @Size(max = 255) String clientId,
                               @NotNull @Size(min = 1, max = 50) List<@NotBlank @Size(max = 255) String> deploymentIds,
                               @NotBlank @Size(max = 500) String authLoginUrl, @NotBlank @Size(max = 500) String tokenUrl,
                               @NotBlank @Size(max = 500) String jwksUrl,
                               @Size(max = 20) List<@NotBlank @Size(max = 500) String> frameOrigins) {
        LtiPlatforms.Form form() {
            return new LtiPlatforms.Form(name, issuer, clientId, deploymentIds, authLoginUrl, tokenUrl, jwksUrl, frameOrigins);
        }
    }

    public record CourseKey(@NotNull UUID platformId, @NotBlank @Size(max = 255) String contextId) {
    }

    public record LinkBody(@NotNull UUID platformId, @NotBlank @Size(max = 255) String contextId,
                           @NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String subjectId) {
    }

    /** The addresses an admin copies into the LMS when adding the tool. */
    public record Tool(String loginUrl, String launchUrl, String jwksUrl, String domain) {
    }

    private final LtiLaunches launches;
    private final LtiPlatforms platforms;
    private final LtiCourses courses;
    private final ObjectProvider<LtiToolKeys> toolKeys;
    private final LtiSettings settings;

    LtiController(LtiLaunches launches, LtiPlatforms platforms, LtiCourses courses, ObjectProvider<LtiToolKeys> toolKeys,
                  LtiSettings settings) {
        this.launches = launches;
        this.platforms = platforms;
        this.courses = courses;
        this.toolKeys = toolKeys;
        this.settings = settings;
    }

    @Operation(summary = "The LMS's login initiation (LTI 1.3 third-party login): redirects to the LMS with a state and nonce")
    @GetMapping("/api/v1/lti/login")
    public Mono<ResponseEntity<Void>> loginGet(ServerWebExchange exchange) {
        return login(exchange, exchange.getRequest().getQueryParams().toSingleValueMap());
    }

    @Operation(summary = "The LMS's login initiation, posted as a form")
    @PostMapping(path = "/api/v1/lti/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public Mono<ResponseEntity<Void>> loginPost(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            Map<String, String> params = new HashMap<>(exchange.getRequest().getQueryParams().toSingleValueMap());
            params.putAll(form.toSingleValueMap());
            return login(exchange, params);
        });
    }

    private Mono<ResponseEntity<Void>> login(ServerWebExchange exchange, Map<String, String> params) {
        String base = toolBase(exchange.getRequest());
        return Blocking.call(() -> launches.begin(params, base)).map(started -> ResponseEntity.status(HttpStatus.FOUND)
                .location(started.redirect())
                .header(HttpHeaders.SET_COOKIE, cookie(LOGIN_COOKIE, started.state(), settings.loginTtl()).toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .<Void>build());
    }

    /**
     * The launch the LMS posts (form: {@code id_token}, {@code state}). Passed: 303 to the web app, which takes the tokens
     * with the cookie set here. Refused: {@code LTI_LAUNCH_REFUSED} with its {@code reason} — as problem+json, or for a
     * browser (it asks for HTML) a 303 to the web app's sign-in page with {@code #error=…&reason=…}.
     */
    @Operation(summary = "The LMS's launch (LTI 1.3 resource link): id_token and state as a form")
    @PostMapping(path = "/api/v1/lti/launch", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public Mono<ResponseEntity<Void>> launch(ServerWebExchange exchange) {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(LOGIN_COOKIE);
        boolean browser = exchange.getRequest().getHeaders().getAccept().stream()
                .anyMatch(t -> t.isCompatibleWith(MediaType.TEXT_HTML) && !t.isWildcardType());
        String base = toolBase(exchange.getRequest());
        return exchange.getFormData().flatMap(form -> Blocking.call(() -> {
                    if (form.getFirst("error") != null) {
                        throw new LtiRules.Refused(LtiRules.Reason.PLATFORM_ERROR, "the LMS refused the login: "
                                + clip(form.getFirst("error")) + (form.getFirst("error_description") == null ? ""
                                : " (" + clip(form.getFirst("error_description")) + ")"));
                    }
                    return launches.complete(form.getFirst("id_token"), form.getFirst("state"), cookie == null ? null : cookie.getValue(), base);
                }))
                .map(landed -> ResponseEntity.status(HttpStatus.SEE_OTHER).location(landed.redirect())
                        .header(HttpHeaders.SET_COOKIE, cookie(HANDOFF_COOKIE, landed.code(), LtiLaunches.HANDOFF_TTL).toString(),
                                cookie(LOGIN_COOKIE, "", Duration.ZERO).toString())
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .<Void>build())
                .onErrorMap(LtiRules.Refused.class, e -> new ApiException(ErrorCode.LTI_LAUNCH_REFUSED, e.getMessage(),
                        Map.of("reason", e.reason().name())))
                .onErrorResume(ApiException.class, e -> browser
                        ? Mono.just(ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(base + "/#error="
                                + e.code().name() + (e.extra().get("reason") instanceof String r ? "&reason=" + r : "")))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").<Void>build())
                        : Mono.error(e));
    }

    @Operation(summary = "The web app in the LMS's frame takes the tokens of the launch its browser just made (once)")
    @PostMapping("/api/v1/lti/handoff")
    public Mono<ResponseEntity<LtiLaunches.Handoff>> handoff(ServerWebExchange exchange) {
        // the cookie goes with cross-site requests too (it must, in the LMS's frame): another site's page may not spend it
        String origin = exchange.getRequest().getHeaders().getOrigin();
        if (origin != null && !origin.equalsIgnoreCase(toolBase(exchange.getRequest()))) {
            return Mono.error(new ApiException(ErrorCode.FORBIDDEN, "the hand-over is the web app's own"));
        }
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(HANDOFF_COOKIE);
        return Blocking.call(() -> launches.take(cookie == null ? null : cookie.getValue()))
                .map(h -> ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie(HANDOFF_COOKIE, "", Duration.ZERO).toString())
                        .cacheControl(CacheControl.noStore()).body(h));
    }

    @Operation(summary = "The tool's public keys (a JWK set) for the LMS: they verify the tool's client assertions")
    @GetMapping(value = "/api/v1/lti/jwks", produces = {"application/jwk-set+json", "application/json"})
    public Mono<ResponseEntity<Map<String, Object>>> jwks() {
        return Blocking.call(() -> toolKeys.getObject().publicSet().toJSONObject(true))
                .map(set -> ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic()).body(set));
    }

    @GetMapping("/api/v1/admin/lti/tool")
    public Mono<Tool> tool(ServerWebExchange exchange) {
        String base = toolBase(exchange.getRequest());
        return CurrentUser.withRole(Role.ADMIN).map(admin -> new Tool(base + "/api/v1/lti/login", base + "/api/v1/lti/launch",
                base + "/api/v1/lti/jwks", URI.create(base).getHost()));
    }

    @GetMapping("/api/v1/admin/lti/platforms")
    public Mono<List<LtiPlatforms.Platform>> list() {
        return CurrentUser.withRole(Role.ADMIN).flatMap(admin -> Blocking.call(platforms::all));
    }

    @PostMapping("/api/v1/admin/lti/platforms")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<LtiPlatforms.Platform> register(@Valid @RequestBody PlatformBody body) {
        return CurrentUser.withRole(Role.ADMIN).flatMap(admin -> Blocking.call(() -> platforms.register(admin.email(), body.form())));
    }

    @PutMapping("/api/v1/admin/lti/platforms/{id}")
    public Mono<LtiPlatforms.Platform> change(@PathVariable UUID id, @Valid @RequestBody PlatformBody body) {
        return CurrentUser.withRole(Role.ADMIN).flatMap(admin -> Blocking.call(() -> platforms.change(admin.email(), id, body.form())));
    }

    @DeleteMapping("/api/v1/admin/lti/platforms/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> remove(@PathVariable UUID id) {
        return CurrentUser.withRole(Role.ADMIN).flatMap(admin -> Blocking.run(() -> platforms.remove(admin.email(), id)));
    }

    @GetMapping("/api/v1/lti/courses")
    public Mono<List<LtiCourses.Course>> courses() {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> courses.visible(user)));
    }

    @PutMapping("/api/v1/lti/course-links")
    public Mono<LtiCourses.Course> link(@Valid @RequestBody LinkBody body) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() ->
                courses.link(user, body.platformId(), body.contextId(), body.subjectId())));
    }

    @PostMapping("/api/v1/lti/course-syncs")
    public Mono<LtiCourses.Synced> sync(@Valid @RequestBody CourseKey body) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() ->
                courses.sync(user, body.platformId(), body.contextId())));
    }

    private String toolBase(ServerHttpRequest request) {
        if (!settings.toolUrl().isBlank()) {
            return settings.toolUrl().replaceAll("/+$", "");
        }
        URI uri = request.getURI();
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /**
     * The launch's cookies: sent in the LMS's frame (SameSite=None, partitioned by the LMS's site where the browser
     * partitions), never to scripts, only to the tool's LTI paths, minutes long.
     */
    private static ResponseCookie cookie(String name, String value, Duration maxAge) {
        return ResponseCookie.from(name, value).httpOnly(true).secure(true).sameSite("None").partitioned(true)
                .path("/api/v1/lti").maxAge(maxAge).build();
    }

    private static String clip(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) : clean;
    }
}
