package edu.attendance.ingest.auth;

import edu.attendance.ingest.capture.ClientAddress;
import edu.attendance.ingest.device.Devices;
import edu.attendance.platform.security.Accounts;
import edu.attendance.platform.security.AuthSettings;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.Locale;
import java.util.UUID;

/** Platform tokens: dev login (embedded demo only) and refresh. */
@RestController
class AuthController {

    /** {@code code}: from another machine than the server's own, the code shown on the demo's console. */
    public record DevLoginRequest(@NotBlank @Size(max = 254) String email, @Size(max = 20) String code) {
    }

    public record GoogleRequest(@NotBlank @Size(max = 8192) String idToken) {
    }

    public record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
    }

    public record UserView(String email, String name, String role) {
    }

    public record TokenResponse(String accessToken, String refreshToken, long expiresIn, UserView user) {
    }

    private final Users users;
    private final RefreshTokens refreshTokens;
    private final TokenIssuer issuer;
    private final AuthSettings settings;
    private final GoogleIdTokens google;
    private final Devices devices;
    private final SignInOptions signInOptions;
    private final Accounts accounts;
    private final ClientAddress clientAddress;
    private final DemoSignInCode demoCode;

    public AuthController(Users users, RefreshTokens refreshTokens, TokenIssuer issuer, AuthSettings settings,
                          GoogleIdTokens google, Devices devices, SignInOptions signInOptions, Accounts accounts,
                          ClientAddress clientAddress, DemoSignInCode demoCode) {
        this.clientAddress = clientAddress;
        this.demoCode = demoCode;
        this.accounts = accounts;
        this.signInOptions = signInOptions;
        this.google = google;
        this.devices = devices;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.issuer = issuer;
        this.settings = settings;
    }

    /**
     * Anyone: how one may sign in here (Google, and in the embedded run the dev-login accounts to try — staff and admin
     * accounts only to this machine itself).
     */
    @GetMapping("/api/v1/auth/options")
    public Mono<SignInOptions.Options> options(ServerHttpRequest http) {
        boolean local = clientAddress.isLoopback(http);
        return Blocking.call(() -> signInOptions.options(local));
    }

    /**
     * The demo's sign-in without a password, while {@code attendance.auth.dev-login} is on: from this machine as it is,
     * from any other with the code shown on the console (403 {@code SIGN_IN_CODE_WRONG} without it or with a wrong one).
     */
    @PostMapping("/api/v1/auth/dev-login")
    public Mono<TokenResponse> devLogin(@Valid @RequestBody DevLoginRequest request, ServerHttpRequest http) {
        if (!settings.devLogin()) {
            return Mono.error(new ApiException(ErrorCode.NOT_FOUND, "no such resource"));
        }
        if (!clientAddress.isLoopback(http) && !demoCode.redeem(request.code())) {
            return Mono.error(new ApiException(ErrorCode.SIGN_IN_CODE_WRONG,
                    "from another machine the demo's sign-in needs the code shown on the server's console"));
        }
        return Blocking.call(() -> {
            long generation = accounts.generation();
            return tokensFor(rosterUser(request.email()), generation);
        });
    }

    /** The mobile app's Google ID token → platform tokens, for verified roster members of the allowed domain. */
    @PostMapping("/api/v1/auth/google")
    public Mono<TokenResponse> google(@Valid @RequestBody GoogleRequest request) {
        return google.verifiedEmail(request.idToken())
                .flatMap(email -> Blocking.call(() -> {
                    long generation = accounts.generation();
                    return tokensFor(rosterUser(email), generation);
                }));
    }

    /** A verified person of the roster, from the allowed domain when one is configured (the bootstrap admin too). */
    Users.User rosterUser(String email) {
        String normalised = Users.normalise(email);
        String domain = settings.allowedDomain();
        // no exemption, the bootstrap admin's included: production refuses to start with an admin outside the domain
        if (!domain.isBlank() && !normalised.endsWith("@" + domain.toLowerCase(Locale.ROOT))) {
            throw new ApiException(ErrorCode.DOMAIN_NOT_ALLOWED, "only @" + domain + " accounts may sign in");
        }
        return users.find(normalised)
                .filter(Users.User::verified)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_VERIFIED, "unknown or unverified account"));
    }

    @PostMapping("/api/v1/auth/refresh")
    public Mono<TokenResponse> refresh(@Valid @RequestBody RefreshRequest request) {
        return Blocking.call(() -> {
            RefreshTokens.Rotated rotated = refreshTokens.rotate(request.refreshToken());
            long generation = accounts.generation();
            Users.User user = users.find(rotated.email()).filter(Users.User::verified)
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_VERIFIED, "account no longer verified"));
            return response(user, generation, rotated.refreshToken(), rotated.family());
        });
    }

    /**
     * Signing out on the server: the login family of the refresh token is revoked, so neither it nor the access tokens
     * issued with it work any more, on any instance. The refresh token is the credential (an expired access token can
     * still sign out); an unknown one answers the same 204.
     */
    @PostMapping("/api/v1/auth/sign-out")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> signOut(@Valid @RequestBody RefreshRequest request) {
        return Blocking.run(() -> refreshTokens.signOut(request.refreshToken()));
    }

    /** Tokens for a user read at {@code generation} of {@link Accounts} (read it before reading the user). */
    TokenResponse tokensFor(Users.User user, long generation) {
        RefreshTokens.Issued issued = refreshTokens.issue(user.email());
        return response(user, generation, issued.refreshToken(), issued.family());
    }

    private TokenResponse response(Users.User user, long generation, String refreshToken, UUID family) {
        // the account as just read: this instance checks the first requests of these tokens without a read of its own
        accounts.signedIn(new Accounts.Standing(user.email(), user.role(), user.verified(), user.blocked()), generation);
        String device = user.role() == Role.STUDENT ? devices.bindingState(user.email(), user.blocked()).name() : null;
        return new TokenResponse(issuer.accessToken(user.email(), user.name(), user.role(), device, family), refreshToken,
                issuer.ttl().toSeconds(), new UserView(user.email(), user.name(), user.role().name()));
    }
}
