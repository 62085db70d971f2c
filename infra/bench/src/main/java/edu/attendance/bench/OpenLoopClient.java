package edu.attendance.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
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
 * <p>The requests go over a fixed pool of keep-alive connections (as wrk2 does, and as a reverse proxy's upstream pool
 * presents phones to an instance): a request due while every connection is busy waits in the client, and that wait is
 * charged to the server from the request's due time. (The JDK's client opened a new connection for every request
 * that found none idle — thousands within seconds once answers slowed — and measured its own connection storm.)
 *
 * <p>Arguments: base URL, request file (with the student's e-mail as a fifth field), rate per second, output file,
 * teacher token, session ids (comma-separated), connections.
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

        int connections = Integer.parseInt(args[6]);

        ConnectionProvider pool = ConnectionProvider.builder("open-loop").maxConnections(connections)
                .pendingAcquireMaxCount(-1).pendingAcquireTimeout(Duration.ofSeconds(120)).build();
        LoopResources loops = LoopResources.create("open-loop", 1, true);
        HttpClient http = HttpClient.create(pool).runOn(loops).baseUrl(base).responseTimeout(Duration.ofSeconds(30));
        try (LiveWatcher live = new LiveWatcher(base, List.of(teacher), sessions)) {
            long screens = System.nanoTime();
            warmUp(http, lines);
            // the screens are open before the first student arrives
            LockSupport.parkNanos(Math.max(0, Duration.ofSeconds(1).toNanos() - (System.nanoTime() - screens)));
            Outcome[] outcomes = new Outcome[lines.size()];
            CountDownLatch done = new CountDownLatch(lines.size());
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
                int index = i;
                send(http, l).flatMap(first -> {
                    long latency = (System.nanoTime() - due) / 1_000;
                    return retried(http, l, first, 1).map(last -> new Outcome(dueMillis, first.status(), latency, last,
                            (System.nanoTime() - due) / 1_000_000));
                }).subscribe(o -> {
                    outcomes[index] = o;
                    done.countDown();
                });
            }
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(done.getCount() + " requests were never answered");
            }
            Thread.sleep(5_000); // the last decisions reach the screens
            StringBuilder result = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                Outcome o = outcomes[i];
                Long seen = live.seenMillis.get(l.email());
                result.append(l.email()).append(' ').append(l.submissionId()).append(' ').append(o.dueMillis()).append(' ')
                        .append(o.status()).append(' ').append(o.latencyMicros()).append(' ').append(seen == null ? "-" : seen).append(' ')
                        .append(o.finalStatus()).append(' ').append(o.finalMillis()).append('\n');
            }
            Files.writeString(out, result);
            long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            System.out.printf(Locale.ROOT, "open-loop client: %.1f s of CPU in this process (the load generator's share of the two cores)%n", cpu / 1e9);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            pool.dispose();
            loops.dispose();
        }
    }

    /** An answer's status and Retry-After (seconds); status 0 when the request failed (refused connection, timeout). */
    private record Answer(int status, long retryAfter) {
    }

    private static Mono<Answer> send(HttpClient http, Line l) {
        return http.headers(h -> {
                    for (int k = 0; k < l.headers().length; k += 2) {
                        h.set(l.headers()[k], l.headers()[k + 1]);
                    }
                    // as a browser's fetch sends a string body: with its length, not chunked
                    h.set(HttpHeaderNames.CONTENT_LENGTH, l.body().getBytes(StandardCharsets.UTF_8).length);
                }).request(HttpMethod.valueOf(l.method())).uri(l.path())
                .send(ByteBufFlux.fromString(Mono.just(l.body())))
                .responseSingle((r, body) -> body.then(Mono.fromSupplier(() -> {
                    String after = r.responseHeaders().get("Retry-After");
                    return new Answer(r.status().code(), after == null ? 2 : Long.parseLong(after.trim()));
                })))
                .onErrorReturn(new Answer(0, 2));
    }

    /** Requests sent untimed before the run so that this JVM's own compiler has done its work when the clock starts. */
    private static final int WARMUP = 4_000;

    /**
     * This process's warm-up: the run's first requests without their token, 64 at a time (each answered 401 by the
     * server's filter chain, no student marked). A cold client on the same two cores spent its first seconds compiling
     * and charged that to the server: the first second's requests were answered up to 2 s late.
     */
    private static void warmUp(HttpClient http, List<Line> lines) {
        Flux.range(0, WARMUP).flatMap(i -> {
            Line l = lines.get(i % lines.size());
            List<String> headers = new ArrayList<>();
            for (int k = 0; k < l.headers().length; k += 2) {
                if (!l.headers()[k].equalsIgnoreCase("Authorization")) {
                    headers.add(l.headers()[k]);
                    headers.add(l.headers()[k + 1]);
                }
            }
            return send(http, new Line(l.method(), l.path(), headers.toArray(String[]::new), l.body(), l.email(), l.submissionId()));
        }, 64).blockLast(Duration.ofMinutes(2));
    }

    /** The final status of a request first answered {@code a}: a refusal with Retry-After is sent again after it, as the web app does. */
    private static Mono<Integer> retried(HttpClient http, Line l, Answer a, int tries) {
        if ((a.status() != 503 && a.status() != 429) || tries >= TRIES) {
            return Mono.just(a.status());
        }
        return Mono.delay(Duration.ofSeconds(Math.clamp(a.retryAfter(), 1, 30)))
                .then(send(http, l))
                .flatMap(again -> retried(http, l, again, tries + 1));
    }
}
