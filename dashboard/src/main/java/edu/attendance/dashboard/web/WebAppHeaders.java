package edu.attendance.dashboard.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Security headers on every response, and caching fit for the web app: hashed files under
 * {@code /assets/} are kept for a year, the page, the service worker and the manifest are revalidated
 * each time (a new release reaches phones on their next visit). The Content-Security-Policy allows no
 * inline script and nothing from another origin; {@code wasm-unsafe-eval} lets the QR decoder's
 * WebAssembly compile. Only the pages of registered LMSs may frame it ({@link FrameAncestors}); without any, nobody.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class WebAppHeaders implements WebFilter {

    static final String CSP_BASE = String.join("; ",
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "style-src 'self'",
            "img-src 'self' blob: data:",
            "media-src 'self' blob:",
            // 'self' covers this origin's ws:/wss: (CSP 3); any other WebSocket host is refused
            "connect-src 'self'",
            "worker-src 'self'",
            "manifest-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'");
    static final String CSP = CSP_BASE + "; frame-ancestors 'none'";

    private final FrameAncestors frameAncestors;
    private volatile List<String> framedBy = List.of();
    private volatile String csp = CSP;

    WebAppHeaders(FrameAncestors frameAncestors) {
        this.frameAncestors = frameAncestors;
    }

    /** The policy for the registered LMSs as they are now: framed by them only, or by nobody. */
    private String csp() {
        List<String> now = frameAncestors.origins();
        if (now != framedBy) {
            csp = policy(now);
            framedBy = now;
        }
        return csp;
    }

    /** The whole policy when these origins may frame the web app ({@link #CSP} itself when none may). */
    static String policy(List<String> framedBy) {
        return framedBy.isEmpty() ? CSP : CSP_BASE + "; frame-ancestors " + String.join(" ", framedBy);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            HttpHeaders h = response.getHeaders();
            String policy = csp();
            h.set("Content-Security-Policy", policy);
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            if (policy == CSP) {
                // X-Frame-Options has no list of origins: with LMSs registered, CSP frame-ancestors alone says who
                h.set("X-Frame-Options", "DENY");
            }
            h.set("Cross-Origin-Opener-Policy", "same-origin");
            h.set("Permissions-Policy", "camera=(self), geolocation=(self), microphone=(), payment=()");
            if ("https".equals(exchange.getRequest().getURI().getScheme())) {
                h.set("Strict-Transport-Security", "max-age=31536000");
            }
            if (!path.startsWith("/api/") && !path.startsWith("/actuator") && !path.startsWith("/v3/")
                    && response.getStatusCode() != null && response.getStatusCode().is2xxSuccessful()) {
                h.set(HttpHeaders.CACHE_CONTROL, path.startsWith("/assets/")
                        ? "public, max-age=31536000, immutable" : "no-cache");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
