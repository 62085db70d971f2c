package edu.attendance.platform.web;

import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every server-sent event stream gets, so an abandoned one cannot hold a socket: a comment line every
 * {@code heartbeat} (writing to a peer that went away fails, and the stream and its connection are released then —
 * a stream with nothing to say never noticed), an end after {@code maxLifetime} (an EventSource reconnects by itself),
 * and at most {@code maxPerUser} open streams per account ({@code RATE_LIMITED} past it: a hostile account cannot
 * open sockets without end).
 */
public final class EventStreams {

    private final Duration heartbeat;
    private final Duration maxLifetime;
    private final int maxPerUser;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    public EventStreams(Duration heartbeat, Duration maxLifetime, int maxPerUser) {
        this.heartbeat = heartbeat;
        this.maxLifetime = maxLifetime;
        this.maxPerUser = maxPerUser;
    }

    /** {@code events} for {@code user}, with heartbeats, a lifetime and the per-user cap. */
    public <T> Flux<ServerSentEvent<T>> guard(String user, Flux<ServerSentEvent<T>> events) {
        return Flux.defer(() -> {
            AtomicInteger count = open.computeIfAbsent(user, u -> new AtomicInteger());
            if (count.incrementAndGet() > maxPerUser) {
                release(user, count);
                return Flux.error(new ApiException(ErrorCode.RATE_LIMITED, "at most " + maxPerUser + " live streams per account; close one",
                        Map.of("retryAfterSeconds", 5)));
            }
            Sinks.Empty<Void> ended = Sinks.empty();
            Flux<ServerSentEvent<T>> main = events.doOnTerminate(ended::tryEmitEmpty);
            Flux<ServerSentEvent<T>> beats = Flux.interval(heartbeat)
                    .map(i -> ServerSentEvent.<T>builder().comment("keep-alive").build())
                    .takeUntilOther(ended.asMono());
            return Flux.merge(main, beats)
                    .take(maxLifetime)
                    .doFinally(signal -> release(user, count));
        });
    }

    /**
     * Any other long-lived channel of {@code user} (the WebSocket's messages): the same per-account cap — counted with the
     * event streams — and lifetime, no heartbeat of this kind (the channel has its own).
     */
    public <T> Flux<T> guardChannel(String user, Flux<T> messages) {
        return Flux.defer(() -> {
            AtomicInteger count = open.computeIfAbsent(user, u -> new AtomicInteger());
            if (count.incrementAndGet() > maxPerUser) {
                release(user, count);
                return Flux.error(new ApiException(ErrorCode.RATE_LIMITED, "at most " + maxPerUser + " live channels per account"));
            }
            return messages.take(maxLifetime).doFinally(signal -> release(user, count));
        });
    }

    /** How often a quiet stream or channel says it is alive. */
    public Duration heartbeat() {
        return heartbeat;
    }

    /** Whether {@code user} may open one more stream or channel now. */
    public boolean roomFor(String user) {
        return openStreams(user) < maxPerUser;
    }

    private void release(String user, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            open.remove(user, count);
        }
    }

    /** Streams {@code user} holds open now. */
    public int openStreams(String user) {
        AtomicInteger n = open.get(user);
        return n == null ? 0 : n.get();
    }
}
