package edu.attendance.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A teacher's projector as the web app drives it: follows the session's {@code /qr/stream} and, for each new
 * window, fetches the image ({@code /qr.svg}) before showing it. Notes when each code appeared on the screen
 * (this JVM's clock), so a simulated phone can ask what was on the screen at any moment.
 */
final class Projector implements AutoCloseable {

    /** Epoch millis at which a code appeared → the code. */
    private final ConcurrentSkipListMap<Long, String> shown = new ConcurrentSkipListMap<>();
    /** Per code shown: millis from its window's start until it was on the screen. */
    final List<Long> lagMillis = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Thread thread;

    Projector(String base, String teacherToken, String sessionId) {
        thread = Thread.ofVirtual().start(() -> follow(base, teacherToken, sessionId));
    }

    private void follow(String base, String token, String id) {
        try {
            BenchClient.events(http, base + "/api/v1/sessions/" + id + "/qr/stream", token).forEach(l -> {
                JsonNode qr = BenchClient.JSON.readTree(l);
                try {
                    // the image is fetched, then swapped in: the code is on the screen once it has loaded
                    http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sessions/" + id + "/qr.svg"))
                            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                long now = System.currentTimeMillis();
                if (!shown.isEmpty()) { // the first event is the window already running when the screen opened
                    lagMillis.add(now - Instant.parse(qr.path("windowStart").asString()).toEpochMilli());
                }
                shown.put(now, qr.path("token").asString());
            });
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // the stream ended (session closed, projector closed or platform stopping)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The code on the screen at {@code epochMillis}, or null before the first one. */
    String at(long epochMillis) {
        Map.Entry<Long, String> e = shown.floorEntry(epochMillis);
        return e == null ? null : e.getValue();
    }

    boolean showing() {
        return !shown.isEmpty();
    }

    @Override
    public void close() {
        http.shutdownNow();
        thread.interrupt();
    }
}
