package edu.attendance.platform.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.regex.Pattern;
import java.util.Map;

/**
 * Refuses, before anything reads them, request paths and query parameters that no route can take: a NUL character
 * (PostgreSQL's text cannot hold one — it failed deep in a query as a 500) once percent-decoded, and query values
 * that are dates beyond year 9999 or before year 0 (the calendar overflowed in range arithmetic, also as a 500). JSON bodies are
 * guarded by {@link StrictJson}, CSV uploads by their importer.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class InputGuard implements WebFilter {

    /** An ISO date with a sign or more than four year digits: the API reads years 0000-9999, as YYYY-MM-DD. */
    private static final Pattern FAR_DATE = Pattern.compile("^(?:[+-]\\d+|\\d{5,})-\\d{2}-\\d{2}(?:T[0-9:.]*(?:Z|[+-][0-9:]+)?)?$");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String query = exchange.getRequest().getURI().getRawQuery();
        if (query != null && (query.contains("-") || query.contains("%2B") || query.contains("%2b") || query.contains("+"))) {
            for (Map.Entry<String, List<String>> e : exchange.getRequest().getQueryParams().entrySet()) {
                for (String v : e.getValue()) {
                    if (v != null && FAR_DATE.matcher(v).matches()) {
                        return ProblemWriter.write(exchange, ErrorCode.VALIDATION_FAILED,
                                e.getKey() + ": dates are YYYY-MM-DD with a four-digit year", Map.of());
                    }
                }
            }
        }
        if ((mayHoldNul(exchange.getRequest().getURI().getRawPath()) || mayHoldNul(query)) && hasNul(exchange)) {
            return ProblemWriter.write(exchange, ErrorCode.VALIDATION_FAILED,
                    "the path or a query parameter contains the NUL character", Map.of());
        }
        return chain.filter(exchange);
    }

    /** A cheap look at the raw text first: most requests carry no {@code %00} at all. */
    private static boolean mayHoldNul(String raw) {
        return raw != null && raw.contains("%00");
    }

    /** Whether a {@code %00} decodes to a NUL, in the path or in a query parameter's name or value. */
    private static boolean hasNul(ServerWebExchange exchange) {
        String path = exchange.getRequest().getURI().getPath();
        if (path != null && path.indexOf('\0') >= 0) {
            return true;
        }
        for (Map.Entry<String, List<String>> e : exchange.getRequest().getQueryParams().entrySet()) {
            if (e.getKey().indexOf('\0') >= 0 || e.getValue().stream().anyMatch(v -> v != null && v.indexOf('\0') >= 0)) {
                return true;
            }
        }
        return false;
    }
}
