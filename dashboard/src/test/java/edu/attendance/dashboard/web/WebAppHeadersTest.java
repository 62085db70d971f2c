package edu.attendance.dashboard.web;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may frame the web app: nobody, or the registered LMSs' pages only — and then no fixed X-Frame-Options. */
class WebAppHeadersTest {

    /** Registrations as a test says them to be. */
    static final class Registered extends FrameAncestors {
        volatile List<String> now = List.of();

        Registered() {
            super(new ObjectProvider<JdbcClient>() {
                @Override
                public JdbcClient getObject() {
                    throw new IllegalStateException("no database in this test");
                }

                @Override
                public JdbcClient getIfAvailable() {
                    return null;
                }
            });
        }

        @Override
        List<String> origins() {
            return now;
        }
    }

    static HttpHeaders served(WebAppHeaders headers) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/").build());
        headers.filter(exchange, e -> Mono.empty()).then(exchange.getResponse().setComplete()).block();
        return exchange.getResponse().getHeaders();
    }

    @Test
    void withoutAnLmsNobodyFramesTheWebApp() {
        try (Registered none = new Registered()) {
            HttpHeaders h = served(new WebAppHeaders(none));
            assertThat(h.getFirst("Content-Security-Policy")).endsWith("; frame-ancestors 'none'").contains("script-src 'self' 'wasm-unsafe-eval'");
            assertThat(h.getFirst("X-Frame-Options")).isEqualTo("DENY");
        }
    }

    @Test
    void theRegisteredLmsPagesAndNoOtherMayFrameItFollowingTheRegistrations() {
        try (Registered lms = new Registered()) {
            WebAppHeaders headers = new WebAppHeaders(lms);
            lms.now = List.of("https://canvas.college.test", "https://moodle.college.test");
            HttpHeaders h = served(headers);
            assertThat(h.getFirst("Content-Security-Policy"))
                    .endsWith("; frame-ancestors https://canvas.college.test https://moodle.college.test").doesNotContain("frame-ancestors 'none'");
            assertThat(h.getFirst("X-Frame-Options")).isNull();
            lms.now = List.of();
            assertThat(served(headers).getFirst("X-Frame-Options")).as("the last registration removed").isEqualTo("DENY");
        }
    }
}
