package edu.attendance.systemtests.resilience;

import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;

import edu.attendance.platform.web.EventStreams;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live streams a client drops without a word (a closed laptop, a phone off the network, a hostile account) are
 * released within two heartbeats (1 s in the tests, 15 s by default), and one account holds at most its cap of
 * streams (25 in the tests, 20 by default) — the platform, real sockets.
 */
class AbandonedStreamsIT {

    static final URI BASE = URI.create(TestStack.get().baseUrl());

    static Socket stream(String path, String token) throws IOException {
        Socket s = new Socket(BASE.getHost(), BASE.getPort());
        s.setSoTimeout(15_000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nAuthorization: Bearer "
                + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    /** Reads until the headers and the first event arrived (or the connection ends); returns what came. */
    static String head(Socket s) throws IOException {
        StringBuilder got = new StringBuilder();
        InputStream in = s.getInputStream();
        byte[] b = new byte[8192];
        while (!(got.indexOf("\r\n\r\n") > 0 && (got.indexOf("data:") > 0 || got.indexOf("\"code\"") > 0))) {
            int n = in.read(b);
            if (n < 0) {
                break;
            }
            got.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
        }
        return got.toString();
    }

    @Test
    void droppedStreamsAreReleasedAndAnAccountHoldsAtMostItsCap() throws Exception {
        Fixtures fx = Fixtures.get();
        Map<String, String> r = fx.roster("ab");
        String teacher = fx.api.login(r.get("teacher"));
        String session = fx.api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30))
                .json().path("sessionId").asString();
        String path = "/api/v1/sessions/" + session + "/live/stream";
        EventStreams streams = TestStack.get().context().getBean(EventStreams.class);
        String email = r.get("teacher");

        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 25; i++) {
                Socket s = stream(path, teacher);
                held.add(s);
                assertThat(head(s)).startsWith("HTTP/1.1 200").contains("data:");
            }
            assertThat(streams.openStreams(email)).isEqualTo(25);
            // one more is refused with a problem, and holds nothing
            try (Socket extra = stream(path, teacher)) {
                String refused = head(extra);
                assertThat(refused).startsWith("HTTP/1.1 429").contains("application/problem+json").contains("RATE_LIMITED");
            }
            assertThat(streams.openStreams(email)).isEqualTo(25);
        } finally {
            // gone without a word: the session is open and quiet, so only the heartbeat's write notices
            for (Socket s : held) {
                s.close();
            }
        }
        long dropped = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams(email) == 0);
        System.out.printf("25 dropped streams released in %.1f s%n", (System.nanoTime() - dropped) / 1e9);
        try (Socket again = stream(path, teacher)) {
            assertThat(head(again)).startsWith("HTTP/1.1 200");
        }
    }
}
