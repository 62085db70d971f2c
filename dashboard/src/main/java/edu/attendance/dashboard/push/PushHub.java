package edu.attendance.dashboard.push;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open WebSockets of this instance, by user e-mail; messages to a user go to all their open apps. */
@Component
class PushHub {

    private final Map<String, Set<Sinks.Many<String>>> sockets = new ConcurrentHashMap<>();

    /** A stream of messages for one newly connected socket; ends its registration when cancelled. */
    public Flux<String> connect(String email) {
        Sinks.Many<String> sink = Sinks.many().unicast().onBackpressureBuffer();
        sockets.computeIfAbsent(email, k -> ConcurrentHashMap.newKeySet()).add(sink);
        return sink.asFlux().doFinally(s -> sockets.computeIfPresent(email, (k, set) -> {
            set.remove(sink);
            return set.isEmpty() ? null : set;
        }));
    }

    /** Whether the user has an app open here (a message for nobody is not worth encoding). */
    public boolean connected(String email) {
        Set<Sinks.Many<String>> set = sockets.get(email);
        return set != null && !set.isEmpty();
    }

    /** Sends to every open app of the user; returns whether any was open (else a push notification is due). */
    public boolean send(String email, String message) {
        Set<Sinks.Many<String>> set = sockets.get(email);
        if (set == null || set.isEmpty()) {
            return false;
        }
        set.forEach(s -> s.tryEmitNext(message));
        return true;
    }
}
