package edu.attendance.platform.postgres;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Changes to rows that instances keep in memory, told to every instance through PostgreSQL's {@code NOTIFY}: a writer
 * calls {@link #announce} in its transaction (the notice goes out when it commits, and not if it rolls back), and each
 * other instance's listeners hear the key and drop what they hold for it (the announcing instance updates its own copy
 * itself, so it does not hear its own notices). One connection per instance listens, on
 * its own thread, started by the first {@link #listen}. Notices sent while it was not listening (it connects, or lost
 * its connection) are lost, so each listener is told {@code missed} every time it (re)starts listening and forgets
 * everything then.
 */
public final class ChangeFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private record Listener(Consumer<String> changed, Runnable missed) {
    }

    private final Supplier<DataSource> dataSource;
    /** Marks this instance's own notices: {@code origin + "|" + key}. */
    private final String origin = UUID.randomUUID().toString();
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile boolean resubscribe;
    private Thread thread;

    public ChangeFeed(DataSource dataSource) {
        this(() -> dataSource);
    }

    /** A feed whose database is looked up when it first listens (a service without one never listens). */
    public ChangeFeed(Supplier<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    /** Tells the other instances, when the caller's transaction commits, that {@code key} changed on {@code channel}. */
    public void announce(JdbcClient jdbc, String channel, String key) {
        jdbc.sql("SELECT pg_notify(?, ?)").params(channel(channel), origin + "|" + key).query((rs, i) -> 0).list();
    }

    /** Calls {@code changed} with each key announced on the channel, and {@code missed} whenever notices may have been lost. */
    public synchronized void listen(String channel, Consumer<String> changed, Runnable missed) {
        listeners.computeIfAbsent(channel(channel), c -> new CopyOnWriteArrayList<>()).add(new Listener(changed, missed));
        resubscribe = true;
        if (thread == null && !closed) {
            thread = Thread.ofPlatform().name("postgres-changes").daemon().start(this::run);
        }
    }

    private static String channel(String name) {
        if (!CHANNEL.matcher(name).matches()) {
            throw new IllegalArgumentException("not a channel name: " + name);
        }
        return name;
    }

    private void run() {
        while (!closed) {
            try (Connection c = dataSource.get().getConnection()) {
                c.setAutoCommit(true);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    if (resubscribe) {
                        resubscribe = false;
                        try (Statement st = c.createStatement()) {
                            for (String channel : listeners.keySet()) {
                                st.execute("LISTEN " + channel);
                            }
                        }
                        listeners.values().forEach(ls -> ls.forEach(l -> l.missed().run()));
                    }
                    PGNotification[] notes = pg.getNotifications((int) POLL.toMillis());
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            String payload = n.getParameter();
                            int bar = payload.indexOf('|');
                            if (bar > 0 && !payload.startsWith(origin + "|")) {
                                String key = payload.substring(bar + 1);
                                listeners.getOrDefault(n.getName(), List.of()).forEach(l -> l.changed().accept(key));
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("lost the PostgreSQL change feed ({}); listening again in {}", e.toString(), RETRY);
                resubscribe = true;
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(POLL.multipliedBy(4).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
