package edu.attendance.ingest.auth;

import edu.attendance.platform.security.AuthSettings;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoders;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Verifies Google ID tokens from the mobile app: signature (the issuer's JWKS), issuer, audience (one of
 * the configured client ids), expiry, and {@code email_verified}. Returns the lower-cased e-mail.
 */
@Component
class GoogleIdTokens {

    private final AuthSettings.Google config;
    private final String hostedDomain;
    private volatile ReactiveJwtDecoder decoder;

    public GoogleIdTokens(AuthSettings settings) {
        this.config = settings.google();
        this.hostedDomain = settings.allowedDomain().strip().toLowerCase(Locale.ROOT);
    }

    public boolean enabled() {
        return config.enabled();
    }

    public Mono<String> verifiedEmail(String idToken) {
        if (!enabled()) {
            return Mono.error(new ApiException(ErrorCode.NOT_FOUND, "Google sign-in is not configured"));
        }
        // the first call discovers Google's keys over the network: never on the event loop, and a 503 when it fails
        return Blocking.call(this::decoder)
                .onErrorMap(e -> new ApiException(ErrorCode.UNAVAILABLE, "Google's signing keys cannot be fetched now"))
                .flatMap(d -> d.decode(idToken)
                        .onErrorMap(e -> !(e instanceof ApiException),
                                e -> new ApiException(ErrorCode.UNAUTHENTICATED, "the ID token is not valid")))
                .map(this::email);
    }

    /**
     * The token's e-mail; with a college domain set, only of an account the college's Workspace manages (its {@code hd}
     * claim), not of a private Google account that merely carries a college address.
     */
    String email(Jwt jwt) {
        requireHostedDomain(hostedDomain, jwt.getClaimAsString("hd"));
        return jwt.getClaimAsString("email").toLowerCase(Locale.ROOT);
    }

    /**
     * With a college domain set ({@code allowedDomain}), the account must be one the college's Google Workspace manages
     * ({@code hd} equals it) — the apps' ID tokens and the browser's sign-in alike; without one, any account.
     */
    static void requireHostedDomain(String allowedDomain, String hd) {
        if (!allowedDomain.isBlank() && !allowedDomain.strip().equalsIgnoreCase(hd == null ? "" : hd.strip())) {
            throw new ApiException(ErrorCode.DOMAIN_NOT_ALLOWED, "only accounts of the college's Google Workspace ("
                    + allowedDomain.strip() + ") may sign in");
        }
    }

    private ReactiveJwtDecoder decoder() {
        ReactiveJwtDecoder d = decoder;
        if (d == null) {
            synchronized (this) {
                if (decoder == null) {
                    NimbusReactiveJwtDecoder nimbus = config.jwkSetUri().isBlank()
                            ? (NimbusReactiveJwtDecoder) ReactiveJwtDecoders.fromIssuerLocation(config.issuer())
                            : NimbusReactiveJwtDecoder.withJwkSetUri(config.jwkSetUri()).build();
                    nimbus.setJwtValidator(validator());
                    decoder = nimbus;
                }
                d = decoder;
            }
        }
        return d;
    }

    OAuth2TokenValidator<Jwt> validator() {
        Set<String> issuers = config.issuer().equals("https://accounts.google.com")
                ? Set.of("https://accounts.google.com", "accounts.google.com")
                : Set.of(config.issuer());
        List<String> audiences = config.clientIds();
        return new DelegatingOAuth2TokenValidator<>(List.of(
                // a token for several audiences names the party it was issued to (azp), which must be one of ours (OIDC
                // core 3.1.3.7); with one audience, azp may be another client of the college's project (the Android app's)
                jwt -> {
                    String azp = jwt.getClaimAsString("azp");
                    boolean several = jwt.getAudience() != null && jwt.getAudience().size() > 1;
                    return !several || (azp != null && audiences.contains(azp))
                            ? OAuth2TokenValidatorResult.success()
                            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "authorized party not accepted", null));
                },

                new JwtTimestampValidator(),
                new JwtClaimValidator<Object>("iss", iss -> iss != null && issuers.contains(iss.toString())),
                jwt -> jwt.getAudience() != null && jwt.getAudience().stream().anyMatch(audiences::contains)
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "audience not accepted", null)),
                new JwtClaimValidator<Object>("email", e -> e instanceof String s && !s.isBlank()),
                new JwtClaimValidator<Object>("email_verified", v -> Boolean.TRUE.equals(v) || "true".equals(String.valueOf(v)))));
    }
}
