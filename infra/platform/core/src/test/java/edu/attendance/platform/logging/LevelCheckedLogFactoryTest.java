package edu.attendance.platform.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class LevelCheckedLogFactoryTest {

    private static final String NAME = "edu.attendance.platform.logging.sample";

    private final Logger logback = (Logger) LoggerFactory.getLogger(NAME);
    private final ListAppender<ILoggingEvent> seen = new ListAppender<>();

    /** A lazy message, like Spring's {@code LogMessage}: counts how often it was turned into text. */
    private static final class Lazy {
        int rendered;

        @Override
        public String toString() {
            rendered++;
            return "rendered";
        }
    }

    @BeforeEach
    void attach() {
        seen.start();
        logback.setAdditive(false); // what this test logs stays in the list
        logback.addAppender(seen);
    }

    @AfterEach
    void detach() {
        logback.detachAppender(seen);
        logback.setLevel(null);
        logback.setAdditive(true);
    }

    @Test
    void commonsLoggingFindsThisFactory() {
        assertThat(LogFactory.getFactory()).isInstanceOf(LevelCheckedLogFactory.class);
        assertThat(LogFactory.getLog(NAME)).isInstanceOf(LevelCheckedLogFactory.Checked.class);
    }

    @Test
    void aMessageBelowTheLevelIsNeverRendered() {
        logback.setLevel(Level.INFO);
        Log log = LogFactory.getLog(NAME);
        Lazy message = new Lazy();
        log.trace(message);
        log.debug(message);
        log.debug(message, new IllegalStateException());
        assertThat(message.rendered).isZero();
        assertThat(seen.list).isEmpty();
    }

    @Test
    void aMessageAtOrAboveTheLevelIsLoggedOnce() {
        logback.setLevel(Level.DEBUG);
        Log log = LogFactory.getLog(NAME);
        Lazy message = new Lazy();
        log.debug(message);
        log.warn(message, new IllegalStateException("cause"));
        log.trace(message);
        assertThat(message.rendered).isEqualTo(2);
        assertThat(seen.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG, Level.WARN);
        assertThat(seen.list.get(1).getThrowableProxy().getMessage()).isEqualTo("cause");
        assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage).containsOnly("rendered");
    }
}
