package edu.attendance.platform.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast lane's caller check reads the server's own header lines: one line the exchange firewall would refuse — in a
 * name or a value, whichever header it is — means no caller (the request then goes to the chain, which refuses it),
 * before any token is looked at.
 */
class AccessTokensHeaderLinesTest {

    final AccessTokens tokens = new AccessTokens(token -> {
        throw new AssertionError("no token is verified for a request the firewall refuses");
    }, null, null, Clock.systemUTC());

    @Test
    void aLineTheFirewallRefusesMeansNoCaller() {
        for (Map.Entry<String, String> bad : List.of(Map.entry("X-Device-Id", "phone\u0000"), Map.entry("X-Dev\u0007ice", "1"),
                Map.entry("User-Agent", "a\u0085b"), Map.entry("X-Note", "\uFFFF"))) {
            List<Map.Entry<String, String>> lines = List.of(Map.entry("Content-Type", "application/json"), bad,
                    Map.entry("Authorization", "Bearer abc.def.ghi"));
            assertThat(tokens.callerOrEmpty(lines, "Bearer abc.def.ghi").blockOptional()).as(bad.toString()).isEmpty();
        }
    }

    @Test
    void withoutABearerTokenThereIsNoCallerEither() {
        List<Map.Entry<CharSequence, CharSequence>> lines = List.of(Map.entry("Content-Type", "application/json"),
                Map.entry("User-Agent", "Mozilla/5.0\t(tab allowed in a value)"));
        assertThat(tokens.callerOrEmpty(lines, null).blockOptional()).isEmpty();
        assertThat(tokens.callerOrEmpty(lines, "Basic dXNlcjpwYXNz").blockOptional()).isEmpty();
        assertThat(tokens.callerOrEmpty(lines, "Bearer not a token").blockOptional()).isEmpty();
    }
}
