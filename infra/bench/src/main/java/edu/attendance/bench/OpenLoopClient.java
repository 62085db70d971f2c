package edu.attendance.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The open-loop side of {@code bench compare --rate R}, run as a process of its own: sends the request file's lines
 * (compare.lua's format) at a fixed arrival rate — request i is due at start + i/R whether or not earlier ones were
 * answered — and times each from when it was due (so a server that falls behind is charged for the queue it causes,
 * not spared it). A request refused with 503 or 429 is sent again after its Retry-After (up to 6 tries), as the web app
 * does. Meanwhile it follows the sessions' live streams as the teachers' screens do. Writes one line per request
 * ({@code email submissionId dueEpochMillis firstStatus firstLatencyMicros seenOnLiveEpochMillis|- finalStatus
 * finalMillisFromDue}) to the output file.
 *
 * <p>Arguments: base URL, request file (with the student's e-mail as a fifth field), rate per second, output file,
 * teacher token, session ids (comma-separated).
 */
final class OpenLoopClient {

    private record Line(String method, String path, String[] headers, String body, String email, String submissionId) {
    }

    /** The first answer (status, time from due) and the last after the retries a shed request gets (status, ms from due). */
    private record Outcome(long dueMillis, int status, long latencyMicros, int finalStatus, long finalMillis) {
    }

    /** How often a refused (503/429) scan is sent again, after its Retry-After, as the web app does. */
    private static final int TRIES = 6;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<Line> lines = new ArrayList<>();
        for (String raw : Files.readAllLines(Path.of(args[1]))) {
            String[] f = raw.split("\t", 5); // method, path, headers, body, the student's e-mail (compare.lua ignores it)
            List<String> headers = new ArrayList<>();
            for (String h : f[2].split("\\|")) {
                int eq = h.indexOf('=');
                headers.add(h.substring(0, eq));
                headers.add(h.substring(eq + 1));
            }
            String email = f.length > 4 ? f[4] : "";
            String submission = f[3].replaceAll(".*\"submissionId\":\"([^\"]+)\".*", "$1");
            lines.add(new Line(f[0], f[1], headers.toArray(String[]::new), f[3], email, submission));
        }
        double rate = Double.parseDouble(args[2]);
        Path out = Path.of(args[3]);
        String teacher = args[4];
        List<String> sessions = List.of(args[5].split(","));

        try (LiveWatcher live = new LiveWatcher(base, List.of(teacher), sessions)) {
            Thread.sleep(1_000); // the screens are open before the first student arrives
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            List<CompletableFuture<Outcome>> sent = new ArrayList<>(lines.size());
            long start = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            for (int i = 0; i < lines.size(); i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                Line l = lines.get(i);
                long dueMillis = startMillis + (due - start) / 1_000_000;
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + l.path()))
                        .headers(l.headers()).timeout(Duration.ofSeconds(30))
                        .method(l.method(), HttpRequest.BodyPublishers.ofString(l.body())).build();
                sent.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
                    int status = r == null ? 0 : r.statusCode();
                    long latency = (System.nanoTime() - due) / 1_000;
                    return retried(http, request, r, 1, due).thenApply(last -> new Outcome(dueMillis, status, latency, last,
                            (System.nanoTime() - due) / 1_000_000));
                }).thenCompose(f -> f));
            }
            List<Outcome> outcomes = new ArrayList<>(sent.size());
            for (CompletableFuture<Outcome> f : sent) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            Thread.sleep(5_000); // the last decisions reach the screens
            StringBuilder result = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                Outcome o = outcomes.get(i);
                Long seen = live.seenMillis.get(l.email());
                result.append(l.email()).append(' ').append(l.submissionId()).append(' ').append(o.dueMillis()).append(' ')
                        .append(o.status()).append(' ').append(o.latencyMicros()).append(' ').append(seen == null ? "-" : seen).append(' ')
                        .append(o.finalStatus()).append(' ').append(o.finalMillis()).append('\n');
            }
            Files.writeString(out, result);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The final status of a request answered {@code r}: a refusal with Retry-After is sent again after it, as the web app does. */
    private static CompletableFuture<Integer> retried(HttpClient http, HttpRequest request, HttpResponse<Void> r, int tries, long due) {
        int status = r == null ? 0 : r.statusCode();
        if ((status != 503 && status != 429) || tries >= TRIES) {
            return CompletableFuture.completedFuture(status);
        }
        long wait = r.headers().firstValueAsLong("Retry-After").orElse(2);
        return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(Math.clamp(wait, 1, 30), TimeUnit.SECONDS))
                .thenCompose(x -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((again, e) -> again))
                .thenCompose(again -> retried(http, request, again, tries + 1, due));
    }
}
