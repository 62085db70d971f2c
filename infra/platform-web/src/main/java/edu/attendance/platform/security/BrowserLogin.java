package edu.attendance.platform.security;

import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * Completes the browser sign-in (OAuth2 authorization-code flow): given the identity the provider
 * vouched for, where to send the browser — the web app with platform tokens, or with an error code.
 */
public interface BrowserLogin {

    Mono<URI> completed(String email, boolean emailVerified);

    URI failed(String code);
}
