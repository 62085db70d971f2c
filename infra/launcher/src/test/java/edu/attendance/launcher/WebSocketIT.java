package edu.attendance.launcher;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code /ws?token=}: only a valid platform access token opens the socket. */
class WebSocketIT {

    static String base;

    @BeforeAll
    static void start() {
        WalkingSliceIT.start();
        base = TestPlatform.get().baseUrl().replace("http://", "ws://");
    }

    @Test
    void aValidTokenOpensTheSocketAndIsGreeted() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(base + "/ws?token=" + WalkingSliceIT.admin), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        assertThat(first.get(10, TimeUnit.SECONDS)).contains("\"type\":\"hello\"").contains("admin@college.test");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aMissingOrForgedTokenIsRefusedAtTheHandshake() {
        for (String query : new String[]{"", "?token=forged.jwt.value"}) {
            assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(base + "/ws" + query), new WebSocket.Listener() {
                    }).join())
                    .isInstanceOf(CompletionException.class)
                    .rootCause().hasMessageContaining("401");
        }
    }
}
