package edu.attendance.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A teacher's projector as the web app drives it: follows the session's {@code /qr/stream} and shows each window's
 * code as its event arrives (the app draws the image itself; until 2026-12-06 it fetched {@code /qr.svg} for every
 * window). Notes when each code appeared on the screen (this JVM's clock), so a simulated phone can ask what was on
 * the screen at any moment.
 */
final class Projector implements AutoCloseable {

    /** Epoch millis at which a code appeared → the code. */
    private final ConcurrentSkipListMap<Long, String> shown = new ConcurrentSkipListMap<>();
    /** Per code shown: millis from its window's start until it was on the screen. */
    final List<Long> lagMillis = new CopyOnWriteArrayList<>();
    private final HttpClient http;
    private final boolean ownClient;
    private final Thread thread;

    Projector(String base, String teacherToken, String sessionId) {
        this(HttpClient.newHttpClient(), true, base, teacherToken, sessionId);
    }

    /** One of many projectors sharing a client (each stream is a connection of its own, as in a browser each). */
    Projector(HttpClient http, String base, String teacherToken, String sessionId) {
        this(http, false, base, teacherToken, sessionId);
    }

    private Projector(HttpClient http, boolean ownClient, String base, String teacherToken, String sessionId) {
        this.http = http;
        this.ownClient = ownClient;
        thread = Thread.ofVirtual().start(() -> follow(base, teacherToken, sessionId));
    }

    private void follow(String base, String token, String id) {
        try {
            BenchClient.events(http, base + "/api/v1/sessions/" + id + "/qr/stream", token).forEach(l -> {
                JsonNode qr = BenchClient.JSON.readTree(l);
                long now = System.currentTimeMillis();
                if (!shown.isEmpty()) { // the first event is the window already running when the screen opened
                    lagMillis.add(now - Instant.parse(qr.path("windowStart").asString()).toEpochMilli());
                }
                shown.put(now, qr.path("token").asString());
            });
        } catch (IOException | UncheckedIOException e) {
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
        if (ownClient) {
            http.shutdownNow();
        }
        thread.interrupt();
    }
}
