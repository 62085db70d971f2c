package edu.attendance.platform.web;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The platform's own refusals of bad input, through the real WebFlux stack of a service: each the probe once saw as a
 * 500 (or worse, accepted) is a 400 problem+json with the code {@code VALIDATION_FAILED}.
 */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = BadInputTest.Slice.class)
class BadInputTest extends ControllerSlice {

    record Login(String email) {
    }

    @RestController
    static class Routes {
        @PostMapping("/api/v1/test/login")
        Mono<String> login(@RequestBody Login body) {
            return Mono.just(body.email());
        }

        @GetMapping("/api/v1/test/things/{id}")
        Mono<String> thing(@PathVariable UUID id) {
            return Mono.just(id.toString());
        }

        @GetMapping("/api/v1/test/range")
        Mono<String> range(@RequestParam LocalDate to) {
            return Mono.just(to.plusYears(5).toString());
        }

        @GetMapping("/api/v1/test/echo")
        Mono<String> echo(@RequestParam String q) {
            return Mono.just(q);
        }

        @PostMapping(path = "/api/v1/test/csv")
        Mono<String> csv(ServerWebExchange exchange) {
            return Mono.fromCallable(() -> String.valueOf(exchange.getRequest().getHeaders().getContentType()));
        }
    }

    @SpringBootConfiguration
    @Import({Routes.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    private static void isProblem(WebTestClient.ResponseSpec r) {
        r.expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void aJsonMemberNamedTwiceIsRefusedNotTheLastOneTaken() {
        isProblem(as("ADMIN", "a@college.test").post().uri("/api/v1/test/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"nobody@college.test\",\"email\":\"admin@college.test\"}").exchange());
        as("ADMIN", "a@college.test").post().uri("/api/v1/test/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"admin@college.test\"}").exchange().expectStatus().isOk();
    }

    @Test
    void aNulCharacterInAJsonStringIsRefused() {
        isProblem(as("ADMIN", "a@college.test").post().uri("/api/v1/test/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"a\\u0000b\"}").exchange());
    }

    @Test
    void aNulCharacterInAQueryParameterOrThePathIsRefused() {
        isProblem(as("ADMIN", "a@college.test").get().uri(URI.create("/api/v1/test/echo?q=a%00b")).exchange());
        isProblem(as("ADMIN", "a@college.test").get().uri(URI.create("/api/v1/test/echo?q%00=1&q=x")).exchange());
        isProblem(as("ADMIN", "a@college.test").get().uri(URI.create("/api/v1/test/things/a%00b")).exchange());
        as("ADMIN", "a@college.test").get().uri(URI.create("/api/v1/test/echo?q=a%2500b")).exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("a%00b");
    }

    @Test
    void aBlankIdSegmentIsAClientError() {
        isProblem(as("ADMIN", "a@college.test").get().uri(URI.create("/api/v1/test/things/%20")).exchange());
        isProblem(as("ADMIN", "a@college.test").get().uri("/api/v1/test/things/not-a-uuid").exchange());
    }

    @Test
    void aDateTheCalendarCannotExtendIsAClientError() {
        isProblem(as("ADMIN", "a@college.test").get().uri(URI.create("/api/v1/test/range?to=-999999999-01-01")).exchange());
        isProblem(as("ADMIN", "a@college.test").get().uri(URI.create("/api/v1/test/range?to=%2B999999999-12-31")).exchange());
        as("ADMIN", "a@college.test").get().uri("/api/v1/test/range?to=2026-12-31").exchange().expectStatus().isOk();
    }

    @Test
    void pathsTheFirewallRefusesGetAProblemToo() {
        // an encoded percent, an encoded slash, a path parameter: Spring Security's firewall answered an empty 400
        isProblem(as("ADMIN", "a@college.test").get().uri(URI.create("/api/v1/test/things/%2520")).exchange());
        isProblem(as("ADMIN", "a@college.test").get().uri(URI.create("/api/v1/test/things/a%2Fb")).exchange());
        isProblem(as("ADMIN", "a@college.test").get().uri(URI.create("/api/v1/test/things;x=1/1")).exchange());
    }
}
