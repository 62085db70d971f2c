package edu.attendance.stream.decision;

import edu.attendance.contracts.LiveView;
import edu.attendance.contracts.JsonSerde;
import edu.attendance.testsupport.TestClock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static edu.attendance.stream.decision.DecisionRulesTest.OPENED;
import static edu.attendance.stream.decision.DecisionRulesTest.START;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task that stops between a decision and the next live flush (a clean stop or kill -9 after the commit): the same
 * stores handed to a new processor, as Kafka Streams does when the task is revived or moves to another instance.
 */
class SessionProcessorRevivalTest {

    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final TestClock clock = TestClock.at(START);

    SessionProcessorRevivalTest() {
        store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SessionProcessor.STORE),
                Serdes.String(), JsonSerde.of(SessionState.class)).withLoggingDisabled().build());
        store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SessionProcessor.STUDENTS),
                Serdes.String(), JsonSerde.of(SessionState.Student.class)).withLoggingDisabled().build());
        store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SessionProcessor.TIMERS),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build());
    }

    private void store(KeyValueStore<?, ?> store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private SessionProcessor processor() {
        SessionProcessor p = new SessionProcessor(new DecisionRules(50), Duration.ofHours(6), clock);
        p.init(context);
        return p;
    }

    /** Runs the live flush the processor scheduled last (a revived one schedules its own). */
    private void flush() {
        List<MockProcessorContext.CapturedPunctuator> scheduled = context.scheduledPunctuators();
        scheduled.stream().filter(s -> s.getInterval().equals(SessionProcessor.LIVE_FLUSH)).toList().getLast()
                .getPunctuator().punctuate(clock.millis());
    }

    private List<Record<? extends String, ?>> live() {
        return context.forwarded().stream().filter(f -> f.childName().orElse("").equals(SessionProcessor.TO_LIVE))
                .<Record<? extends String, ?>>map(MockProcessorContext.CapturedForward::record).toList();
    }

    @Test
    void aRevivedTaskPublishesItsOpenSessionsWithTheDecisionsMadeBeforeItStopped() {
        SessionProcessor before = processor();
        before.process(new Record<>("s1", OPENED, START.toEpochMilli()));
        flush();
        context.resetForwards();
        before.process(new Record<>("s1", DecisionRulesTest.scan("a@c.test", START.plusSeconds(3)), START.plusSeconds(3).toEpochMilli()));
        assertThat(live()).as("the decision's live change waits for the flush").isEmpty();
        before.close(); // stopped before the flush: the decision is in the stores, the teacher's screen never saw it

        SessionProcessor after = processor();
        flush();
        assertThat(live()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("s1");
            LiveView view = (LiveView) r.value();
            assertThat(view.isChange()).as("a snapshot").isFalse();
            assertThat(view.counts().present()).isEqualTo(1);
        });
        context.resetForwards();
        flush();
        assertThat(live()).as("once").isEmpty();
        after.close();
    }
}
