package edu.attendance.platform.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Signing in and tokens ({@code attendance.auth.*}). */
@Validated
@ConfigurationProperties("attendance.auth")
public record AuthSettings(
        @DefaultValue("false") boolean devLogin,
        /**
         * The issuer's key file (a JWK set, the signing key first; ingest only): generated on first start when absent,
         * re-read when it changes, so a rotation needs no restart.
         */
        Path jwtKeyFile,
        /**
         * Where a service that does not issue tokens (dashboard, reports) reads the issuer's public keys, e.g.
         * {@code http://ingest:8080/.well-known/jwks.json}; empty in the issuer itself and in the one-process run.
         */
        @DefaultValue("") String jwksUri,
        @NotNull @DefaultValue("15m") Duration accessTokenTtl,
        @NotNull @DefaultValue("30d") Duration refreshTokenTtl,
        /**
         * A refresh token already used may be presented again this long after its use and gets the same successor: two
         * tabs refreshing together, or an answer lost on a bad network. After it, a reuse revokes the login (theft).
         */
        @NotNull @DefaultValue("30s") Duration refreshReuseGrace,
        @NotBlank @DefaultValue("attendance-platform") String issuer,
        /** Only e-mails of this domain may log in (e.g. {@code college.edu}); empty: any domain. */
        @DefaultValue("") String allowedDomain,
        /** Where the browser sign-in ends: the web app, which reads the tokens from the URL fragment. */
        @NotBlank @DefaultValue("/") String webAppUrl,
        @Valid @NotNull @DefaultValue Google google,
        /**
         * Access tokens whose signature verified, remembered (as a digest with the expiry, subject and family, ~280 bytes
         * each) until they expire: a phone sends the same token with every call of its 15 minutes, and checking the RSA
         * signature and parsing the token again each time was a third of a scan's HTTP cost. The default holds the tokens
         * of half a million phones (~140 MB).
         */
        @Min(0) @Max(10_000_000) @DefaultValue("500000") int verifiedTokenCache,
        /**
         * Accounts (role, verified, blocked) kept in memory for the check every request makes against the database;
         * each change drops its entry on every instance, so the size only bounds memory.
         */
        @Min(1) @Max(10_000_000) @DefaultValue("200000") int accountCache) {

    /** Google sign-in: ID tokens from the mobile app are checked against this issuer and these client ids. */
    public record Google(
            @NotBlank @DefaultValue("https://accounts.google.com") String issuer,
            /** JWKS location; discovered from the issuer when empty. */
            @DefaultValue("") String jwkSetUri,
            /** Accepted audiences (the OAuth client ids of the apps); empty disables Google sign-in. */
            @DefaultValue("") List<String> clientIds) {

        public Google {
            // an unset list binds as [""]: that is "no client", not a client with an empty id
            clientIds = clientIds == null ? List.of()
                    : clientIds.stream().map(String::strip).filter(id -> !id.isEmpty()).toList();
        }

        public boolean enabled() {
            return !clientIds.isEmpty();
        }
    }
}
