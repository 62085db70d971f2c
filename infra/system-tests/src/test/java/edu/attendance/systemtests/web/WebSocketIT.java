package edu.attendance.systemtests.web;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code /ws?ticket=}: only a one-time ticket issued to a signed-in account opens the socket; an access token in the URL
 * (which proxies log) opens nothing, nor does a ticket used before.
 */
class WebSocketIT {

    static String base;

    @BeforeAll
    static void start() {
        base = TestStack.get().baseUrl().replace("http://", "ws://");
    }

    @Test
    void aValidTokenOpensTheSocketAndIsGreeted() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(base + "/ws?ticket=" + ticket(Fixtures.get().admin())), new WebSocket.Listener() {
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
    void enrolledStudentsWithAnOpenAppHearWhenASessionOpensAndTheTeacherSeesCounts() throws Exception {
        Map<String, String> r = Fixtures.get().roster("ws1");
        String teacher = Fixtures.get().api.login(r.get("teacher"));
        String a = Fixtures.get().api.login(r.get("a"));
        BlockingQueue<String> studentInbox = new LinkedBlockingQueue<>();
        BlockingQueue<String> teacherInbox = new LinkedBlockingQueue<>();
        WebSocket studentSocket = listen(a, studentInbox);
        WebSocket teacherSocket = listen(teacher, teacherInbox);
        assertThat(studentInbox.poll(10, TimeUnit.SECONDS)).contains("hello");
        assertThat(teacherInbox.poll(10, TimeUnit.SECONDS)).contains("hello");
        String sessionId = Fixtures.get().api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"),
                "durationMinutes", 20)).json().path("sessionId").asString();
        assertThat(next(studentInbox, "session-opened")).contains(sessionId).contains(r.get("subject"));
        assertThat(next(teacherInbox, "\"type\":\"live\"")).contains(sessionId).contains("\"pending\":3");
        studentSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        teacherSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }

    static WebSocket listen(String token, BlockingQueue<String> inbox) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(base + "/ws?ticket=" + ticket(token)), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        inbox.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    /** The next message containing {@code marker}, skipping keep-alives and others; fails after 30 s. */
    static String next(BlockingQueue<String> inbox, String marker) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String m = inbox.poll(1, TimeUnit.SECONDS);
            if (m != null && m.contains(marker)) {
                return m;
            }
        }
        throw new AssertionError("no message with " + marker);
    }

    static String ticket(String accessToken) {
        Api.Response r = Fixtures.get().api.send("POST", "/api/v1/ws-tickets", accessToken);
        assertThat(r.status()).isEqualTo(201);
        return r.json().path("ticket").asString();
    }

    /** An open socket follows the account: blocked (or deleted, unverified) in the database, the socket closes. */
    @Test
    void anOpenSocketClosesWhenItsAccountIsBlocked() throws Exception {
        Map<String, String> r = Fixtures.get().roster("ws2");
        String a = Fixtures.get().api.login(r.get("a"));
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(base + "/ws?ticket=" + ticket(a)), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                inbox.add(data.toString());
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        assertThat(next(inbox, "ping")).isNotNull(); // alive, checked at each heartbeat (1 s in the tests)
        TestStack.get().context().getBean(JdbcTemplate.class)
                .update("UPDATE users SET blocked = true, blocked_reason = 'test' WHERE email = ?", r.get("a"));
        assertThat(closed.get(20, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aMissingForgedOrSpentTicketAndAnAccessTokenInTheUrlAreRefusedAtTheHandshake() throws Exception {
        String spent = ticket(Fixtures.get().admin());
        WebSocket first = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(base + "/ws?ticket=" + spent),
                new WebSocket.Listener() {
                }).get(10, TimeUnit.SECONDS);
        first.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        assertThat(Fixtures.get().api.send("POST", "/api/v1/ws-tickets", null).status()).isEqualTo(401);
        for (String query : new String[]{"", "?ticket=forged", "?ticket=" + spent, "?token=" + Fixtures.get().admin()}) {
            assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(base + "/ws" + query), new WebSocket.Listener() {
                    }).join())
                    .isInstanceOf(CompletionException.class)
                    .rootCause().hasMessageContaining("401");
        }
    }
}
