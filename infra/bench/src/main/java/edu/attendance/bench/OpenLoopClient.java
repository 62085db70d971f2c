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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The open-loop side of {@code bench compare --rate R}, run as a process of its own: sends the request file's lines
 * (compare.lua's format) at a fixed arrival rate — request i is due at start + i/R whether or not earlier ones were
 * answered — and times each from when it was due (so a server that falls behind is charged for the queue it causes,
 * not spared it). A request refused with 503 or 429 is sent again after its Retry-After (up to 6 tries), as the web app
 * does. Meanwhile it follows the sessions' live streams as the teachers' screens do, and runs each session's projector
 * ({@link Projector}: its QR stream, one window after another), whose code each scan carries when it is sent. Before the
 * clock starts it warms up with the warm-up file's scans, 64 at a time, for the warm-up's seconds. Writes one line per request
 * ({@code email submissionId dueEpochMillis firstStatus firstLatencyMicros seenOnLiveEpochMillis|- finalStatus
 * finalMillisFromDue}) to the output file.
 *
 * <p>The requests go over a fixed pool of keep-alive connections (as wrk2 does, and as a reverse proxy's upstream pool
 * presents phones to an instance): a request due while every connection is busy waits in the client, and that wait is
 * charged to the server from the request's due time. (The JDK's client opened a new connection for every request
 * that found none idle — thousands within seconds once answers slowed — and measured its own connection storm.)
 *
 * <p>Arguments: base URL, request file (with the student's e-mail as a fifth field), rate per second, output file,
 * teacher token, session ids (comma-separated), connections, warm-up request file, warm-up seconds, warm-up result file.
 */
final class OpenLoopClient {

    private record Line(String method, String path, String[] headers, String body, String email, String submissionId) {

        private static final String QR = "\"qrToken\":\"";

        /** The scan with the code its session's projector shows now (a phone scans what is on the screen). */
        Line scanning(Map<String, Projector> projectors) {
            int at = body.indexOf(QR);
            if (at < 0) {
                return this;
            }
            int from = at + QR.length(), to = body.indexOf('"', from);
            String code = body.substring(from, to);
            String[] parts = code.split("\\.");
            Projector projector = parts.length > 1 ? projectors.get(parts[1]) : null;
            String now = projector == null ? null : projector.at(System.currentTimeMillis());
            String shown = now == null ? code : now;
            return new Line(method, path, headers, body.substring(0, from) + shown + body.substring(to), email, submissionId);
        }
    }

    /** The first answer (status, time from due) and the last after the retries a shed request gets (status, ms from due). */
    private record Outcome(long dueMillis, int status, long latencyMicros, int finalStatus, long finalMillis) {
    }

    /** How often a refused (503/429) scan is sent again, after its Retry-After, as the web app does. */
    private static final int TRIES = 6;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<Line> lines = lines(Path.of(args[1]));
        double rate = Double.parseDouble(args[2]);
        Path out = Path.of(args[3]);
        String teacher = args[4];
        List<String> sessions = List.of(args[5].split(","));

        int connections = Integer.parseInt(args[6]);
        List<Line> warmUpLines = lines(Path.of(args[7]));
        Duration warmUpFor = Duration.ofSeconds(Long.parseLong(args[8]));
        Path warmUpResult = Path.of(args[9]);

        ConnectionProvider pool = ConnectionProvider.builder("open-loop").maxConnections(connections)
                .pendingAcquireMaxCount(-1).pendingAcquireTimeout(Duration.ofSeconds(120)).build();
        LoopResources loops = LoopResources.create("open-loop", 1, true);
        HttpClient http = HttpClient.create(pool).runOn(loops).baseUrl(base).responseTimeout(Duration.ofSeconds(30));
        Map<String, Projector> projectors = new HashMap<>();
        java.net.http.HttpClient screens = java.net.http.HttpClient.newHttpClient();
        try (LiveWatcher live = new LiveWatcher(base, List.of(teacher), sessions)) {
            long opened = System.nanoTime();
            for (String session : sessions) {
                projectors.put(session, new Projector(screens, base, teacher, session));
            }
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!projectors.values().stream().allMatch(Projector::showing) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            long warmed = warmUp(http, warmUpLines, projectors, warmUpFor);
            Files.writeString(warmUpResult, Long.toString(warmed));
            System.out.printf("open-loop client, warm-up: %d scans accepted in %d s, 64 at a time%n", warmed, warmUpFor.toSeconds());
            // the screens are open before the first student arrives
            LockSupport.parkNanos(Math.max(0, Duration.ofSeconds(1).toNanos() - (System.nanoTime() - opened)));
            projectors.values().forEach(p -> p.lagMillis.clear()); // the run's windows only
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
                Line l = lines.get(i).scanning(projectors);
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
            projected(projectors);
            long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            System.out.printf(Locale.ROOT, "open-loop client: %.1f s of CPU in this process (the load generator's share of the two cores)%n", cpu / 1e9);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            projectors.values().forEach(Projector::close);
            screens.shutdownNow();
            pool.dispose();
            loops.dispose();
        }
    }

    /** How late the projectors showed the windows that began during the run: from each window's start to its code on screen. */
    private static void projected(Map<String, Projector> projectors) {
        long[] late = projectors.values().stream().flatMap(p -> p.lagMillis.stream()).mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "  projectors (%d, each following its QR stream): %d windows shown during the run, p50 %d ms, p99 %d ms,"
                        + " at worst %d ms after they began%n", projectors.size(), late.length, BenchClient.pct(late, 50),
                BenchClient.pct(late, 99), late.length == 0 ? 0 : late[late.length - 1]);
    }

    private static List<Line> lines(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (String raw : Files.readAllLines(file)) {
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
        return lines;
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

    /**
     * The warm-up, untimed: the warm-up students' first scans, each with the code on its session's projector, 64 at a
     * time for the given time (the server's compilers and this client's own have done their work when the clock
     * starts: a cold client on the same two cores charged its compiling to the server). How many were accepted.
     */
    private static long warmUp(HttpClient http, List<Line> lines, Map<String, Projector> projectors, Duration time) {
        long until = System.nanoTime() + time.toNanos();
        AtomicInteger next = new AtomicInteger();
        Long accepted = Flux.range(0, 64).flatMap(worker -> Mono.defer(() -> {
                    int i = next.getAndIncrement();
                    return i < lines.size() && System.nanoTime() < until ? send(http, lines.get(i).scanning(projectors)) : Mono.<Answer>empty();
                }).repeat(() -> System.nanoTime() < until && next.get() < lines.size()), 64)
                .filter(a -> a.status() == 202).count().block(time.plusMinutes(2));
        return accepted == null ? 0 : accepted;
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
