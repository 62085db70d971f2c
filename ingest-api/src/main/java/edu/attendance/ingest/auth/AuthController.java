package edu.attendance.ingest.auth;

import edu.attendance.ingest.device.Devices;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.Accounts;
import edu.attendance.platform.security.AuthSettings;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.security.TokenIssuer;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Platform tokens: dev login (embedded demo only) and refresh. */
@RestController
public class AuthController {

    public record DevLoginRequest(@NotBlank @Size(max = 254) String email) {
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
    private final AttendanceProperties props;
    private final AuthSettings settings;
    private final GoogleIdTokens google;
    private final Devices devices;
    private final SignInOptions signInOptions;
    private final Accounts accounts;

    public AuthController(Users users, RefreshTokens refreshTokens, TokenIssuer issuer, AttendanceProperties props, AuthSettings settings,
                          GoogleIdTokens google, Devices devices, SignInOptions signInOptions, Accounts accounts) {
        this.accounts = accounts;
        this.signInOptions = signInOptions;
        this.google = google;
        this.devices = devices;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.issuer = issuer;
        this.props = props;
        this.settings = settings;
    }

    /** Anyone: how one may sign in here (Google, and in the embedded run the dev-login accounts to try). */
    @GetMapping("/api/v1/auth/options")
    public Mono<SignInOptions.Options> options() {
        return Blocking.call(signInOptions::options);
    }

    @PostMapping("/api/v1/auth/dev-login")
    public Mono<TokenResponse> devLogin(@Valid @RequestBody DevLoginRequest request) {
        if (!settings.devLogin()) {
            return Mono.error(new ApiException(ErrorCode.NOT_FOUND, "no such resource"));
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

    /** A verified person of the roster, from the allowed domain when one is configured. */
    Users.User rosterUser(String email) {
        String normalised = Users.normalise(email);
        String domain = settings.allowedDomain();
        if (!domain.isBlank() && !normalised.endsWith("@" + domain.toLowerCase(java.util.Locale.ROOT))
                && !normalised.equals(Users.normalise(props.bootstrapAdmin()))) {
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

    /** Tokens for a user read at {@code generation} of {@link Accounts} (read it before reading the user). */
    TokenResponse tokensFor(Users.User user, long generation) {
        RefreshTokens.Issued issued = refreshTokens.issue(user.email());
        return response(user, generation, issued.refreshToken(), issued.family());
    }

    private TokenResponse response(Users.User user, long generation, String refreshToken, java.util.UUID family) {
        // the account as just read: this instance checks the first requests of these tokens without a read of its own
        accounts.signedIn(new Accounts.Standing(user.email(), user.role(), user.verified(), user.blocked()), generation);
        String device = user.role() == Role.STUDENT ? devices.bindingState(user.email(), user.blocked()).name() : null;
        return new TokenResponse(issuer.accessToken(user.email(), user.name(), user.role(), device, family), refreshToken,
                issuer.ttl().toSeconds(), new UserView(user.email(), user.name(), user.role().name()));
    }
}
