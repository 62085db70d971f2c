package edu.attendance.platform.security;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.postgres.ChangeFeed;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.platform.web.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.web.server.ServerAuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionOAuth2ServerAuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerRedirectStrategy;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Every request needs a valid platform access token except login, health and metrics; roles and
 * ownership are then checked by each handler (a teacher's own subjects, a student's own data).
 * Failures answer problem+json {@code UNAUTHENTICATED} / {@code FORBIDDEN}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(AuthSettings.class)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * Under {@code ATTENDANCE_PROFILE=production} settings that are safe only on a developer's machine stop the start
     * with every reason at once ({@link ProductionSafety}); the web server opens after every bean, so nothing is served.
     */
    /** Spring Security's strict firewall with its header and parameter checks as loops (same rules, see {@link HeaderText}). */
    @Bean
    ServerWebExchangeFirewall exchangeFirewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(HeaderText.NAME);
        firewall.setAllowedHeaderValues(HeaderText.VALUE);
        firewall.setAllowedParameterNames(HeaderText.NAME);
        firewall.setAllowedParameterValues(HeaderText.NAME);
        return firewall;
    }

    @Bean
    ProductionSafety.Checked productionSafety(AttendanceProperties props, AuthSettings auth, Environment env,
                                              ObjectProvider<IssuerKeys> issuerKeys) {
        ProductionSafety.check(props, auth, env, issuerKeys.getIfAvailable() != null);
        return new ProductionSafety.Checked(props.profile());
    }

    /**
     * Access tokens are verified with the issuer's public keys only: its published JWKS when {@code attendance.auth.jwks-uri}
     * is set (fetched again when a token names a key not seen yet — a rotation), else the issuer in this process. A
     * service with neither refuses every token (and production refuses to start, {@link ProductionSafety}).
     */
    @Bean
    ReactiveJwtDecoder platformJwtDecoder(ObjectProvider<IssuerKeys> issuerKeys, AuthSettings auth, Clock clock) {
        NimbusReactiveJwtDecoder decoder;
        if (!auth.jwksUri().isBlank()) {
            decoder = NimbusReactiveJwtDecoder.withJwkSetUri(auth.jwksUri()).jwsAlgorithm(SignatureAlgorithm.RS256).build();
        } else {
            IssuerKeys local = issuerKeys.getIfAvailable();
            if (local == null) {
                log.warn("this service neither issues tokens nor knows the issuer's keys: every token is refused until "
                        + "attendance.auth.jwks-uri names the ingest service's /.well-known/jwks.json");
            }
            decoder = NimbusReactiveJwtDecoder.withJwkSource(jwt -> local == null ? Flux.empty() : Flux.fromIterable(
                    jwt.getHeader().getKeyID() == null ? local.publicKeys()
                            : local.publicKey(jwt.getHeader().getKeyID()).map(List::of).orElse(List.of())))
                    .jwsAlgorithm(SignatureAlgorithm.RS256).build();
        }
        claimChecks(decoder, auth);
        if (auth.verifiedTokenCache() == 0) {
            return decoder;
        }
        // for a token whose exact text verified before: its claims read and checked the same way, its signature not again
        NimbusReactiveJwtDecoder reader = new NimbusReactiveJwtDecoder(jwt -> Mono.fromCallable(jwt::getJWTClaimsSet));
        claimChecks(reader, auth);
        return new VerifiedTokens(decoder, reader, clock, auth.verifiedTokenCache());
    }

    private static void claimChecks(NimbusReactiveJwtDecoder decoder, AuthSettings auth) {
        // the issuer is a name, not a URL: the default converter tried URI.toURL() on it and threw (and caught) an
        // exception on every request
        decoder.setClaimSetConverter(MappedJwtClaimSetConverter.withDefaults(Map.of(JwtClaimNames.ISS, String::valueOf)));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(auth.issuer())));
    }

    @Bean
    Accounts accounts(ObjectProvider<JdbcClient> jdbc, ObjectProvider<ChangeFeed> changes, AuthSettings auth, Clock clock) {
        return new Accounts(jdbc, changes, clock, auth.accessTokenTtl(), auth.accountCache());
    }

    /** When each account was last heard from (the offline-capture evidence); bounded like the account copies. */
    @Bean
    Presence presence(AuthSettings auth) {
        return new Presence(auth.accountCache());
    }

    @Bean
    AccessTokens accessTokens(ReactiveJwtDecoder platformJwtDecoder, Accounts accounts, Presence presence, Clock clock) {
        return new AccessTokens(platformJwtDecoder, accounts, presence, clock);
    }

    /**
     * Spring Security's firewall refuses some paths and methods before any route (an encoded slash or percent, a
     * {@code ;} parameter, {@code ..}, TRACE): with the API's problem+json instead of an empty 400.
     */
    @Bean
    ServerExchangeRejectedHandler problemOnRejectedExchange() {
        return (exchange, e) -> ProblemWriter.write(exchange, ErrorCode.VALIDATION_FAILED,
                "the request's path or method is not accepted" + reason(e.getMessage()), Map.of());
    }

    private static String reason(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String m = message.replaceAll("[^\\x20-\\x7E]", "?");
        return ": " + (m.length() > 200 ? m.substring(0, 200) : m);
    }

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ReactiveJwtDecoder platformJwtDecoder, AccessTokens accessTokens,
                                       ObjectProvider<ReactiveClientRegistrationRepository> registrations,
                                       ObjectProvider<BrowserLogin> browserLogin,
                                       ObjectProvider<ServerAuthorizationRequestRepository<OAuth2AuthorizationRequest>> signInRequests) {
        ReactiveClientRegistrationRepository repository = registrations.getIfAvailable();
        BrowserLogin login = browserLogin.getIfAvailable();
        if (repository != null && login != null) {
            // browser sign-in (/oauth2/authorization/{provider}) ends in the web app with platform tokens; the flow's
            // unfinished request kept where every instance finds it (the service's own store), not in one's web session
            ServerRedirectStrategy redirect = new DefaultServerRedirectStrategy();
            ServerAuthorizationRequestRepository<OAuth2AuthorizationRequest> requests = signInRequests.getIfAvailable();
            http.oauth2Login(o -> o
                    .clientRegistrationRepository(repository)
                    .authorizationRequestRepository(requests != null ? requests
                            : new WebSessionOAuth2ServerAuthorizationRequestRepository())
                    .authenticationSuccessHandler((filterExchange, authentication) -> {
                        OAuth2User user = (OAuth2User) authentication.getPrincipal();
                        Object email = user.getAttribute("email");
                        Object verified = user.getAttribute("email_verified");
                        Object hostedDomain = user.getAttribute("hd");
                        return login.completed(new BrowserLogin.Identity(email == null ? "" : email.toString(),
                                        Boolean.TRUE.equals(verified) || "true".equals(String.valueOf(verified)),
                                        hostedDomain == null ? null : hostedDomain.toString()))
                                .flatMap(uri -> redirect.sendRedirect(filterExchange.getExchange(), uri));
                    })
                    .authenticationFailureHandler((filterExchange, e) ->
                            redirect.sendRedirect(filterExchange.getExchange(), login.failed("UNAUTHENTICATED"))));
        }
        return http
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                // who may frame the web app is the web app's own header (the registered LMSs, or nobody): Spring
                // Security's fixed DENY would keep it out of every LMS
                .headers(h -> h.frameOptions(ServerHttpSecurity.HeaderSpec.FrameOptionsSpec::disable))
                .authorizeExchange(a -> a
                        .pathMatchers(HttpMethod.POST, "/api/v1/auth/**").permitAll()
                        .pathMatchers(HttpMethod.GET, "/api/v1/auth/options", "/.well-known/jwks.json").permitAll()
                        // an LMS's login initiation and launch, the web app taking a launch's tokens (its cookie is the
                        // credential), the LTI tool's public keys
                        .pathMatchers(HttpMethod.POST, "/api/v1/lti/login", "/api/v1/lti/launch", "/api/v1/lti/handoff").permitAll()
                        .pathMatchers(HttpMethod.GET, "/api/v1/lti/login", "/api/v1/lti/jwks").permitAll()
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                "/v3/api-docs/**").permitAll()
                        .pathMatchers("/api/**", "/actuator/**").authenticated()
                        .anyExchange().permitAll())
                .oauth2ResourceServer(o -> o
                        .bearerTokenConverter(new BearerTokens())
                        .jwt(j -> j.jwtDecoder(platformJwtDecoder).jwtAuthenticationConverter(accessTokens::authentication))
                        .authenticationEntryPoint((exchange, e) -> ProblemWriter.write(exchange, ErrorCode.UNAUTHENTICATED,
                                "a valid access token is required", Map.of()))
                        .accessDeniedHandler((exchange, e) -> ProblemWriter.write(exchange, ErrorCode.FORBIDDEN,
                                "not allowed for this user", Map.of())))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((exchange, ex) -> ProblemWriter.write(exchange, ErrorCode.UNAUTHENTICATED,
                                "a valid access token is required", Map.of()))
                        .accessDeniedHandler((exchange, ex) -> ProblemWriter.write(exchange, ErrorCode.FORBIDDEN,
                                "not allowed for this user", Map.of())))
                .build();
    }
}
