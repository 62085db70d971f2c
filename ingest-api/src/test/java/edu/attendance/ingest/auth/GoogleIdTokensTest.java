package edu.attendance.ingest.auth;

import edu.attendance.platform.security.AuthSettings;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Google sign-in switched off: no client id configured means no verification attempt and a clear 404. */
class GoogleIdTokensTest {

    static AuthSettings withClientIds(List<String> ids) {
        return new AuthSettings(false, null, Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofSeconds(30), "attendance-platform", "", "/",
                new AuthSettings.Google("https://accounts.google.com", "", ids), 50_000, 200_000);
    }

    @Test
    void anUnsetListOfClientIdsIsNoClient() {
        // Spring binds the default "" of a list as [""]: that was taken for a client and Google was "on"
        assertThat(withClientIds(List.of("")).google().enabled()).isFalse();
        assertThat(withClientIds(List.of(" ", "")).google().clientIds()).isEmpty();
        assertThat(withClientIds(List.of(" app-1 ", "")).google().clientIds()).containsExactly("app-1");
    }

    @Test
    void switchedOffItAnswersNotFoundWithoutFetchingGooglesKeys() {
        GoogleIdTokens google = new GoogleIdTokens(withClientIds(List.of("")));
        assertThat(google.enabled()).isFalse();
        assertThatThrownBy(() -> google.verifiedEmail("x.y.z").block())
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void keysThatCannotBeFetchedAreAServiceProblemNotAnEmptyAnswer() {
        // an issuer nobody answers for: discovery fails, off the event loop, as 503 UNAVAILABLE
        GoogleIdTokens google = new GoogleIdTokens(new AuthSettings(false, null, Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofSeconds(30),
                "attendance-platform", "", "/", new AuthSettings.Google("http://127.0.0.1:9/issuer", "", List.of("app")), 50_000, 200_000));
        assertThatThrownBy(() -> google.verifiedEmail("x.y.z").block())
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
