package edu.attendance.platform.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server's side of a {@link ShedPolicy}: counts the sheddable requests in flight, watches how far behind
 * each event loop runs (a probe it schedules every {@value #PROBE_MS} ms notes how late it ran: the loop's queue and
 * the processor's, whichever is the cause), asks the policy whether the service is away, and answers a refused
 * request with a response built once.
 *
 * <p>A loop counts as behind only when {@value #LATE_IN_A_ROW} probes in a row ran late: one stall (a collection's
 * pause, the process descheduled for a moment) is not overload — what queued behind it is served within milliseconds
 * once the loop runs again, and refusing it would send each of those students to a retry a second later. A loop that
 * stays behind, a processor that cannot keep up, is seen a few probes later.
 */
final class LoadShedding {

    static final long PROBE_MS = 5;
    static final int LATE_IN_A_ROW = 3;

    private final ShedPolicy policy;
    private final long maxLagNanos;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<EventLoop, Probe> probes = new ConcurrentHashMap<>();
    private final ByteBuf refusal;
    private final ByteBuf awayRefusal;
    private final String retryAfter;
    private final Counter shedBusy;
    private final Counter shedLate;
    private final Counter shedAway;

    LoadShedding(ShedPolicy policy, MeterRegistry metrics) {
        this.policy = policy;
        this.maxLagNanos = policy.maxLag().toNanos();
        long seconds = Math.max(1, policy.retryAfter().toSeconds());
        this.retryAfter = Long.toString(seconds);
        this.refusal = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(ProblemWriter.bytes(ErrorCode.UNAVAILABLE,
                "too many scans at this moment; send it again in " + seconds + " s", null)).asReadOnly());
        this.awayRefusal = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(ProblemWriter.bytes(ErrorCode.UNAVAILABLE,
                "this server cannot reach the attendance log right now; send it again in " + seconds + " s", null)).asReadOnly());
        this.shedBusy = Counter.builder("attendance.http.shed").tag("reason", "in-flight")
                .description("requests answered 503 by the HTTP server's load shedding").register(metrics);
        this.shedLate = Counter.builder("attendance.http.shed").tag("reason", "lag")
                .description("requests answered 503 by the HTTP server's load shedding").register(metrics);
        this.shedAway = Counter.builder("attendance.http.shed").tag("reason", "away")
                .description("requests answered 503 by the HTTP server's load shedding").register(metrics);
        Gauge.builder("attendance.http.sheddable.in.flight", inFlight, AtomicInteger::get).register(metrics);
        Gauge.builder("attendance.http.event.loop.lag", this, s -> s.maxLagNow() / 1e9).baseUnit("seconds").register(metrics);
    }

    boolean sheddable(String method, String path) {
        return policy.sheddable(method, path);
    }

    /** Starts watching the loop (once per loop). */
    void watch(EventLoop loop) {
        if (maxLagNanos > 0) {
            probes.computeIfAbsent(loop, Probe::new);
        }
    }

    /** Admits a sheddable request (counted until {@link #done}) or says why not. */
    Decision admit(EventLoop loop) {
        if (policy.away()) {
            shedAway.increment();
            return Decision.AWAY;
        }
        Probe probe = probes.get(loop);
        if (probe != null && probe.sustainedLagNanos > maxLagNanos) {
            shedLate.increment();
            return Decision.LATE;
        }
        int limit = policy.maxInFlight();
        if (inFlight.incrementAndGet() > limit && limit > 0) {
            inFlight.decrementAndGet();
            shedBusy.increment();
            return Decision.BUSY;
        }
        return Decision.ADMITTED;
    }

    void done() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }

    enum Decision { ADMITTED, BUSY, LATE, AWAY }

    /** The 503 for a refusal, kept open for the next request (the body of the refused one, if still arriving, is dropped). */
    FullHttpResponse refusal(Decision why) {
        ByteBuf body = why == Decision.AWAY ? awayRefusal : refusal;
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SERVICE_UNAVAILABLE,
                body.duplicate());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.RETRY_AFTER, retryAfter)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    private long maxLagNow() {
        return probes.values().stream().mapToLong(p -> p.lagNanos).max().orElse(0);
    }

    /** Runs on its loop every {@value #PROBE_MS} ms and notes how late it ran, and how late at least in its last runs. */
    private static final class Probe implements Runnable {
        private final EventLoop loop;
        private final long[] recent = new long[LATE_IN_A_ROW];
        private int next;
        private long due;
        volatile long lagNanos;
        volatile long sustainedLagNanos;

        Probe(EventLoop loop) {
            this.loop = loop;
            schedule();
        }

        private void schedule() {
            due = loop.ticker().nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MS);
            loop.schedule(this, PROBE_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            long lag = Math.max(0, loop.ticker().nanoTime() - due);
            recent[next] = lag;
            next = (next + 1) % recent.length;
            long sustained = lag;
            for (long l : recent) {
                sustained = Math.min(sustained, l);
            }
            lagNanos = lag;
            sustainedLagNanos = sustained;
            if (!loop.isShuttingDown()) {
                schedule();
            }
        }
    }
}
