package edu.attendance.platform.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bearer token is read exactly as Spring Security's converter reads it, without its regular expression. */
class BearerTokensTest {

    private final ServerBearerTokenAuthenticationConverter spring = new ServerBearerTokenAuthenticationConverter();

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc.def-ghi_jkl~mno+pqr/stu", "bearer abc==", "BEARER x", "Bearer a.b.c=", "bEaReR Zz09"})
    void wellFormedTokensAreReadAsSpringReadsThem(String header) {
        assertThat(BearerTokens.token(header)).isEqualTo(springReads(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer ", "Bearer", "Bearer  abc", "Bearer abc def", "Bearer ab=c", "Bearer ===", "Bearer abc\u00e9",
            "Bearer abc,def", "Bearer\tabc", "Bearerabc", "Bearer abc%20"})
    void malformedTokensAreRefusedAsSpringRefusesThem(String header) {
        assertThatThrownBy(() -> BearerTokens.token(header)).isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> springReads(header)).isInstanceOf(OAuth2AuthenticationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Token abc", "Bear abc", ""})
    void otherSchemesAreNotOurs(String header) {
        assertThat(BearerTokens.token(header)).isNull();
        assertThat(springReads(header)).isNull();
    }

    @Test
    void noHeaderNoTokenAndNeverFromTheQuery() {
        MockServerWebExchange query = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/me?access_token=abc"));
        assertThat(new BearerTokens().convert(query).blockOptional()).isEmpty();
        MockServerWebExchange header = MockServerWebExchange.from(MockServerHttpRequest.get("/").header("Authorization", "Bearer abc"));
        assertThat(new BearerTokens().convert(header).block()).isInstanceOfSatisfying(BearerTokenAuthenticationToken.class,
                t -> assertThat(t.getToken()).isEqualTo("abc"));
    }

    private String springReads(String header) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/").header("Authorization", header));
        var token = spring.convert(exchange).block();
        return token == null ? null : ((BearerTokenAuthenticationToken) token).getToken();
    }
}
