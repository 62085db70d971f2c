package edu.attendance.stream.decision;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The deadlines of a task's sessions, ordered by time in a key-value store: when an open session must close
 * ({@code close|<millis>|<session>}) and when a closed one may be forgotten ({@code drop|<millis>|<session>}).
 * The punctuator range-scans what is due instead of reading every session each tick. A due entry is removed
 * as it is returned.
 */
final class SessionTimers {

    private static final String CLOSE = "close|";
    private static final String DROP = "drop|";

    private final KeyValueStore<String, String> store;

    SessionTimers(KeyValueStore<String, String> store) {
        this.store = store;
    }

    boolean isEmpty() {
        try (KeyValueIterator<String, String> it = store.all()) {
            return !it.hasNext();
        }
    }

    void closeAt(String sessionId, Instant at) {
        store.put(key(CLOSE, at, sessionId), sessionId);
    }

    void cancelClose(String sessionId, Instant at) {
        store.delete(key(CLOSE, at, sessionId));
    }

    void dropAt(String sessionId, Instant at) {
        store.put(key(DROP, at, sessionId), sessionId);
    }

    /** The sessions still to close (open ones), in the order of their closing time. */
    List<String> open() {
        List<String> sessions = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.prefixScan(CLOSE, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> sessions.add(kv.value));
        }
        return sessions;
    }

    List<String> closesDue(Instant now) {
        return due(CLOSE, now);
    }

    List<String> dropsDue(Instant now) {
        return due(DROP, now);
    }

    private List<String> due(String kind, Instant now) {
        List<String> keys = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        // '}' sorts after every character of a session id, so the upper bound takes in all of this millisecond
        try (KeyValueIterator<String, String> it = store.range(kind, kind + millis(now) + "|}")) {
            while (it.hasNext()) {
                var kv = it.next();
                keys.add(kv.key);
                sessions.add(kv.value);
            }
        }
        keys.forEach(store::delete);
        return sessions;
    }

    private static String key(String kind, Instant at, String sessionId) {
        return kind + millis(at) + "|" + sessionId;
    }

    /** Fixed width, so that text order is time order (any instant from 1970 to year 5138). */
    private static String millis(Instant at) {
        return String.format("%014d", Math.max(0, at.toEpochMilli()));
    }
}
