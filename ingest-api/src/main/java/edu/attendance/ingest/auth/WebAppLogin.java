package edu.attendance.ingest.auth;

import edu.attendance.platform.security.Accounts;
import edu.attendance.platform.security.AuthSettings;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.security.BrowserLogin;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The browser sign-in's end: the same roster, verification and domain rules as the mobile login, then a
 * redirect to the web app with the platform tokens in the URL fragment (never sent to any server), or
 * with {@code #error=<code>}.
 */
@Component
class WebAppLogin implements BrowserLogin {

    private final AuthController auth;
    private final AuthSettings settings;

    private final Accounts accounts;

    public WebAppLogin(AuthController auth, AuthSettings settings, Accounts accounts) {
        this.accounts = accounts;
        this.auth = auth;
        this.settings = settings;
    }

    @Override
    public Mono<URI> completed(Identity identity) {
        if (!identity.emailVerified()) {
            return Mono.just(failed(ErrorCode.UNAUTHENTICATED.name()));
        }
        return Blocking.call(() -> {
            // the same Workspace rule as the apps' ID tokens: with a college domain, a private account is refused
            GoogleIdTokens.requireHostedDomain(settings.allowedDomain(), identity.hostedDomain());
            long generation = accounts.generation();
            AuthController.TokenResponse t = auth.tokensFor(auth.rosterUser(identity.email()), generation);
            return URI.create(settings.webAppUrl() + "#accessToken=" + enc(t.accessToken()) + "&refreshToken="
                    + enc(t.refreshToken()) + "&expiresIn=" + t.expiresIn());
        }).onErrorResume(ApiException.class, e -> Mono.just(failed(e.code().name())));
    }

    @Override
    public URI failed(String code) {
        return URI.create(settings.webAppUrl() + "#error=" + enc(code));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
