package edu.attendance.platform.logging;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.logging.impl.Slf4jLogFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Commons Logging through SLF4J, with the level checked before a message is turned into text. Spring Framework 7 logs
 * through Apache Commons Logging, whose SLF4J bridge (1.3–1.4) calls {@code String.valueOf(message)} before SLF4J
 * looks at the level; Spring Security and WebFlux pass lazy {@code LogMessage}s at DEBUG on every request, so each
 * request through the filter chain formatted debug lines nobody reads (matchers' {@code toString} through
 * {@code String.format}): 1.5 % of the HTTP threads' CPU samples and 6 % of their allocation samples in a profiled
 * run (Spring Framework's issue 37266 describes the regression). Chosen by Commons Logging's own
 * discovery ({@code META-INF/services/org.apache.commons.logging.LogFactory}), so every entry point gets it.
 */
public final class LevelCheckedLogFactory extends LogFactory {

    private final LogFactory slf4j = new Slf4jLogFactory();
    private final ConcurrentMap<String, Log> logs = new ConcurrentHashMap<>();

    @Override
    public Log getInstance(Class<?> clazz) {
        return getInstance(clazz.getName());
    }

    @Override
    public Log getInstance(String name) {
        return logs.computeIfAbsent(name, n -> new Checked(slf4j.getInstance(n)));
    }

    @Override
    public Object getAttribute(String name) {
        return slf4j.getAttribute(name);
    }

    @Override
    public String[] getAttributeNames() {
        return slf4j.getAttributeNames();
    }

    @Override
    public void removeAttribute(String name) {
        slf4j.removeAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        slf4j.setAttribute(name, value);
    }

    @Override
    public void release() {
        logs.clear();
        slf4j.release();
    }

    /** A message reaches the bridge only when its level is on. */
    record Checked(Log log) implements Log {

        @Override
        public void trace(Object message) {
            if (log.isTraceEnabled()) {
                log.trace(message);
            }
        }

        @Override
        public void trace(Object message, Throwable t) {
            if (log.isTraceEnabled()) {
                log.trace(message, t);
            }
        }

        @Override
        public void debug(Object message) {
            if (log.isDebugEnabled()) {
                log.debug(message);
            }
        }

        @Override
        public void debug(Object message, Throwable t) {
            if (log.isDebugEnabled()) {
                log.debug(message, t);
            }
        }

        @Override
        public void info(Object message) {
            if (log.isInfoEnabled()) {
                log.info(message);
            }
        }

        @Override
        public void info(Object message, Throwable t) {
            if (log.isInfoEnabled()) {
                log.info(message, t);
            }
        }

        @Override
        public void warn(Object message) {
            if (log.isWarnEnabled()) {
                log.warn(message);
            }
        }

        @Override
        public void warn(Object message, Throwable t) {
            if (log.isWarnEnabled()) {
                log.warn(message, t);
            }
        }

        @Override
        public void error(Object message) {
            if (log.isErrorEnabled()) {
                log.error(message);
            }
        }

        @Override
        public void error(Object message, Throwable t) {
            if (log.isErrorEnabled()) {
                log.error(message, t);
            }
        }

        @Override
        public void fatal(Object message) {
            if (log.isFatalEnabled()) {
                log.fatal(message);
            }
        }

        @Override
        public void fatal(Object message, Throwable t) {
            if (log.isFatalEnabled()) {
                log.fatal(message, t);
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return log.isTraceEnabled();
        }

        @Override
        public boolean isDebugEnabled() {
            return log.isDebugEnabled();
        }

        @Override
        public boolean isInfoEnabled() {
            return log.isInfoEnabled();
        }

        @Override
        public boolean isWarnEnabled() {
            return log.isWarnEnabled();
        }

        @Override
        public boolean isErrorEnabled() {
            return log.isErrorEnabled();
        }

        @Override
        public boolean isFatalEnabled() {
            return log.isFatalEnabled();
        }
    }
}
