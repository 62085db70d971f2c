package edu.attendance.platform.security;

import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/** The caller, from the platform's access token. */
public record CurrentUser(String email, Role role) {

    public static Mono<CurrentUser> get() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(c -> c.getAuthentication())
                .filter(a -> a instanceof JwtAuthenticationToken)
                .map(a -> from(((JwtAuthenticationToken) a).getToken()))
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.UNAUTHENTICATED, "authentication required")));
    }

    /** The caller, when they have one of the roles (the route's rule); otherwise {@code FORBIDDEN}. */
    public static Mono<CurrentUser> withRole(Role... roles) {
        return get().map(u -> u.require(roles));
    }

    /** The caller of a token that {@link AccessTokens} checked (its role claim is then the database's). */
    public static CurrentUser from(Jwt jwt) {
        String role = jwt.getClaimAsString(AccessTokens.ROLE);
        for (Role r : Role.values()) {
            if (r.name().equals(role)) {
                return new CurrentUser(jwt.getSubject(), r);
            }
        }
        throw new ApiException(ErrorCode.UNAUTHENTICATED, "the token has no known role");
    }

    public boolean is(Role r) {
        return role == r;
    }

    /** Fails with {@code FORBIDDEN} unless the caller has one of the roles. */
    public CurrentUser require(Role... roles) {
        for (Role r : roles) {
            if (role == r) {
                return this;
            }
        }
        throw new ApiException(ErrorCode.FORBIDDEN, "this operation is not open to " + role);
    }
}
