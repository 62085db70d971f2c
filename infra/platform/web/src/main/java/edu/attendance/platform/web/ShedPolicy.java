package edu.attendance.platform.web;

import java.time.Duration;

/**
 * Which requests the HTTP server may refuse when it cannot serve them in time, and how readily — a service's bean
 * (the ingest API's capture routes). The server refuses such a request with {@code 503 UNAVAILABLE} and
 * {@code Retry-After} as soon as its headers are decoded, before security, the body or the application, when
 * {@link #maxInFlight()} of them are already being worked on or when the event loop that decoded it is more than
 * {@link #maxLag()} behind, or while the service is {@link #away()}. Everything else (teachers' routes, streams,
 * reads) is never shed.
 */
public interface ShedPolicy {

    /** Whether a request of this method and path (no query) may be shed. */
    boolean sheddable(String method, String path);

    /** Sheddable requests worked on at once, from their headers to their answer (0: no limit). */
    int maxInFlight();

    /** How far behind its schedule an event loop may run before it sheds what it decodes (zero: never for lag). */
    Duration maxLag();

    /** What a refused request is told to wait. */
    Duration retryAfter();

    /**
     * Whether the service cannot serve a sheddable request now because what it needs is out of its reach (the ingest
     * API cut from Kafka): the server then refuses it at once, as when shedding, instead of letting it wait out a
     * timeout. The policy finds out by itself when the service is back.
     */
    default boolean away() {
        return false;
    }
}
