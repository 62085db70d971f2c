package edu.attendance.dashboard.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Who may show the web app in a frame: the LMS pages of the registered LTI platforms (docs/lms.md), read from their
 * registrations every few seconds (a registration reaches every instance within {@link #REFRESH_SECONDS}), and nobody
 * else. Until the registrations can be read — a database without them, a service without one — nobody.
 */
@Component
class FrameAncestors implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FrameAncestors.class);
    static final int REFRESH_SECONDS = 3;
    /** A CSP source as the registration keeps it: scheme://host[:port], nothing that could end the directive. */
    private static final Pattern ORIGIN = Pattern.compile("https?://[a-z0-9.-]+(:[0-9]{1,5})?");

    private final ObjectProvider<JdbcClient> jdbc;
    private final ScheduledExecutorService timer;
    private volatile List<String> origins = List.of();
    private volatile boolean warned;

    FrameAncestors(ObjectProvider<JdbcClient> jdbc) {
        this.jdbc = jdbc;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("frame-ancestors").daemon().factory());
        timer.scheduleWithFixedDelay(this::reload, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    /** The origins allowed to frame the web app; empty: none. */
    List<String> origins() {
        return origins;
    }

    void reload() {
        JdbcClient db = jdbc.getIfAvailable();
        if (db == null) {
            return;
        }
        try {
            origins = db.sql("SELECT DISTINCT unnest(frame_origins) FROM lti_platforms ORDER BY 1").query(String.class).list()
                    .stream().filter(o -> ORIGIN.matcher(o).matches()).toList();
            warned = false;
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                log.info("the LMS registrations cannot be read yet ({}); the web app may not be framed", e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
