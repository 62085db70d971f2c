package edu.attendance.platform.security;

import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * Completes the browser sign-in (OAuth2 authorization-code flow): given the identity the provider
 * vouched for, where to send the browser — the web app with platform tokens, or with an error code.
 */
public interface BrowserLogin {

    /**
     * What the provider vouched for: the e-mail, whether it verified it, and the domain of the Workspace that manages
     * the account (Google's {@code hd}; null for a private account).
     */
    record Identity(String email, boolean emailVerified, String hostedDomain) {
    }

    Mono<URI> completed(Identity identity);

    URI failed(String code);
}
