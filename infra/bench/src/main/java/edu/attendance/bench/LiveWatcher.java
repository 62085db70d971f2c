package edu.attendance.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows sessions' {@code /live/stream} as teachers' screens do, and notes in this JVM's clock when each
 * student first shows with a decision (any status but PENDING). One connection per session, as a browser's
 * EventSource has.
 */
final class LiveWatcher implements AutoCloseable {

    /** Student e-mail → epoch millis at which the teacher's screen first showed a decision for them. */
    final Map<String, Long> seenMillis = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Thread> threads = new ArrayList<>();

    LiveWatcher(String base, List<String> tokens, List<String> sessionIds) {
        for (int i = 0; i < sessionIds.size(); i++) {
            String id = sessionIds.get(i);
            String token = tokens.get(i % tokens.size());
            threads.add(Thread.ofVirtual().start(() -> follow(base, token, id)));
        }
    }

    private void follow(String base, String token, String id) {
        try {
            BenchClient.events(http, base + "/api/v1/sessions/" + id + "/live/stream", token).forEach(l -> {
                long now = System.currentTimeMillis();
                for (JsonNode st : BenchClient.JSON.readTree(l).path("students")) {
                    if (!st.path("status").asString().equals("PENDING")) {
                        seenMillis.putIfAbsent(st.path("email").asString(), now);
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // the stream ended (watcher closed or platform stopping)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
        threads.forEach(Thread::interrupt);
    }
}
