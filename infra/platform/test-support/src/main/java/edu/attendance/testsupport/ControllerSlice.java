package edu.attendance.testsupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What a controller slice test shares: a {@link WebTestClient} bound to the slice with Spring Security's test
 * support, and callers with a platform access token's claims (subject = e-mail, {@code role}). Each test names its
 * slice (the controller, {@code SecurityConfiguration}, {@code ProblemHandler}, {@code UnreadBodyGuard}) and stands
 * in for the service behind the controller.
 */
public abstract class ControllerSlice {

    /** Properties every slice takes: the platform's JSON strictness, and a data directory under target/. */
    public static final String STRICT_JSON = "spring.jackson.deserialization.fail-on-unknown-properties=true";
    public static final String DATA_DIR = "attendance.data-dir=target/slice-data";

    protected WebTestClient web;

    @Autowired
    void client(ApplicationContext context) {
        web = WebTestClient.bindToApplicationContext(context).apply(SecurityMockServerConfigurers.springSecurity())
                .configureClient().build();
    }

    protected WebTestClient as(String role, String email) {
        return web.mutateWith(SecurityMockServerConfigurers.mockJwt().jwt(j -> j.subject(email).claim("role", role)));
    }
}
