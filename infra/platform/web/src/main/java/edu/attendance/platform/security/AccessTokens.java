package edu.attendance.platform.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A verified access token → the caller as the database has them now ({@link Accounts}): refused when the account is
 * gone or unverified, or the token's login family was revoked; otherwise the caller's role is the current one, whatever
 * the token says. The same check serves the API's bearer tokens and the WebSocket handshake.
 */
public final class AccessTokens {

    /** The claim naming the login family (the refresh-token chain) a token was issued in. */
    public static final String FAMILY = "fam";
    public static final String ROLE = "role";

    private final ReactiveJwtDecoder decoder;
    private final Accounts accounts;
    private final Presence presence;
    private final Clock clock;

    public AccessTokens(ReactiveJwtDecoder decoder, Accounts accounts, Presence presence, Clock clock) {
        this.decoder = decoder;
        this.accounts = accounts;
        this.presence = presence;
        this.clock = clock;
    }

    /** Verifies a raw token (signature, issuer, expiry) and then the account: the caller, or an authentication error. */
    public Mono<CurrentUser> verify(String token) {
        // a token this instance verified before: its caller judged from what was remembered of it, the token not parsed again
        if (decoder instanceof VerifiedTokens remembered) {
            VerifiedTokens.Known known = remembered.known(token);
            if (known != null) {
                return current(known.subject(), known.family());
            }
        }
        return decoder.decode(token).flatMap(this::current);
    }

    /**
     * The caller of a request served below Spring Security's filter chain (the capture fast lane), judged as the chain
     * would judge it: every header passes the exchange firewall's checks, the bearer token is well-formed and verifies,
     * the account stands. Empty whenever any of that does not hold, so that the request goes through the chain, which
     * answers it as it always does (a 400, a 401, a 503 for a database that is away). {@code headers}: every header line
     * as received, name and value (the server's own, not a copy: Spring's read-only view copied the whole set for each
     * request, ~5 % of the scan route's CPU); {@code authorization}: the first {@code Authorization} value, as the chain reads it.
     */
    public Mono<CurrentUser> callerOrEmpty(Iterable<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> headers,
                                           String authorization) {
        for (Map.Entry<? extends CharSequence, ? extends CharSequence> h : headers) {
            if (!HeaderText.allowed(h.getKey(), false) || !HeaderText.allowed(h.getValue(), true)) {
                return Mono.empty();
            }
        }
        String token;
        try {
            token = BearerTokens.token(authorization);
        } catch (OAuth2AuthenticationException malformed) {
            return Mono.empty();
        }
        return token == null ? Mono.empty() : verify(token).onErrorResume(e -> Mono.empty());
    }

    /** For Spring Security's resource server: the authentication of a token whose signature was verified. */
    public Mono<AbstractAuthenticationToken> authentication(Jwt jwt) {
        return current(jwt).map(user -> new JwtAuthenticationToken(
                withRole(jwt, user.role()), List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name())), user.email()));
    }

    private Mono<CurrentUser> current(Jwt jwt) {
        UUID family;
        try {
            family = familyOf(jwt);
        } catch (IllegalArgumentException e) {
            return Mono.error(new InvalidBearerTokenException("the token's family is not one"));
        }
        return current(jwt.getSubject(), family);
    }

    /** The login family a token names ({@link #FAMILY}), null when none; an {@link IllegalArgumentException} when it is no UUID. */
    static UUID familyOf(Jwt jwt) {
        String claim = jwt.getClaimAsString(FAMILY);
        return claim == null ? null : UUID.fromString(claim);
    }

    private Mono<CurrentUser> current(String email, UUID family) {
        if (email == null || email.isBlank()) {
            return Mono.error(new InvalidBearerTokenException("the token names no account"));
        }
        Mono<Boolean> revoked = family == null ? Mono.just(false) : accounts.familyRevoked(family);
        return revoked.flatMap(r -> r
                ? Mono.error(new InvalidBearerTokenException("this sign-in was revoked"))
                : accounts.standing(email).flatMap(standing -> standing
                        .filter(Accounts.Standing::verified)
                        .filter(s -> s.role() != null)
                        .map(s -> {
                            presence.heard(s.email(), clock.instant());
                            return Mono.just(new CurrentUser(s.email(), s.role()));
                        })
                        .orElseGet(() -> Mono.error(new InvalidBearerTokenException("the account no longer exists or is not verified")))));
    }

    /** The token as Spring sees it, with the role the database gives now (the one {@link CurrentUser#from} reads). */
    private static Jwt withRole(Jwt jwt, Role role) {
        if (role.name().equals(jwt.getClaims().get(ROLE))) {
            return jwt;
        }
        return Jwt.withTokenValue(jwt.getTokenValue())
                .headers(h -> h.putAll(jwt.getHeaders()))
                .claims(c -> {
                    c.putAll(jwt.getClaims());
                    c.put(ROLE, role.name());
                })
                .build();
    }
}
