package edu.attendance.stream.decision;

import edu.attendance.contracts.AlertType;
import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.contracts.Decision;
import edu.attendance.contracts.JsonSerde;
import edu.attendance.contracts.LiveView;
import edu.attendance.contracts.SessionOpened;
import edu.attendance.contracts.SessionClosed;
import edu.attendance.contracts.SessionEvent;
import edu.attendance.contracts.SubmissionAccepted;
import edu.attendance.contracts.SubmissionRejected;
import edu.attendance.contracts.Topics;
import edu.attendance.testsupport.TestClock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.Properties;

import static edu.attendance.stream.decision.DecisionRulesTest.CLOSES;
import static edu.attendance.stream.decision.DecisionRulesTest.OPENED;
import static edu.attendance.stream.decision.DecisionRulesTest.START;
import static org.assertj.core.api.Assertions.assertThat;

/** The topology as wired: sources, store, punctuator and sinks, on Kafka Streams' test driver. */
class DecisionTopologyTest {

    @TempDir
    Path dir;
    TopologyTestDriver driver;
    TestInputTopic<String, SessionEvent> sessions;
    TestInputTopic<String, SubmissionAccepted> submissions;
    TestOutputTopic<String, Decision> decisions;
    TestOutputTopic<String, LiveView> live;
    final TestClock now = TestClock.at(START);

    @BeforeEach
    void setUp() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        driver = new TopologyTestDriver(DecisionTopology.build(50, Duration.ofHours(6), now), p, START);
        sessions = driver.createInputTopic(Topics.SESSION_EVENTS.name(), Topics.SESSION_EVENTS.keySerde().serializer(), Topics.SESSION_EVENTS.valueSerde().serializer());
        submissions = driver.createInputTopic(Topics.SUBMISSIONS.name(), Topics.SUBMISSIONS.keySerde().serializer(), Topics.SUBMISSIONS.valueSerde().serializer());
        decisions = driver.createOutputTopic(Topics.DECISIONS.name(), Topics.DECISIONS.keySerde().deserializer(), Topics.DECISIONS.valueSerde().deserializer());
        live = driver.createOutputTopic(Topics.LIVE.name(), Topics.LIVE.keySerde().deserializer(), Topics.LIVE.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void dedupLateAndAbsentOnCloseFlowToTheDecisionTopic() {
        sessions.pipeInput("s1", OPENED, START);
        submissions.pipeInput("s1", DecisionRulesTest.scan("a@c.test", START.plusSeconds(3)), START.plusSeconds(3));
        submissions.pipeInput("s1", DecisionRulesTest.scan("a@c.test", START.plusSeconds(4)), START.plusSeconds(4));
        submissions.pipeInput("s1", DecisionRulesTest.scan("b@c.test", START.plusSeconds(400)), START.plusSeconds(400));
        sessions.pipeInput("s1", new SessionClosed("s1", CLOSES, "TEACHER"), CLOSES);
        List<Decision> out = decisions.readValuesToList();
        assertThat(out).extracting(Decision::studentEmail, Decision::status).containsExactly(
                Tuple.tuple("a@c.test", AttendanceStatus.PRESENT),
                Tuple.tuple("b@c.test", AttendanceStatus.LATE),
                Tuple.tuple("c@c.test", AttendanceStatus.ABSENT));
        driver.advanceWallClockTime(SessionProcessor.LIVE_FLUSH);
        List<LiveView> views = live.readValuesToList();
        assertThat(views).hasSize(1); // one view per flush, however many decisions
        assertThat(views.getLast().status()).isEqualTo("CLOSED");
        assertThat(views.getLast().counts()).isEqualTo(new LiveView.Counts(1, 1, 1, 0, 0, 0));
    }

    @Test
    void theLiveViewIsASnapshotThenTheStudentsChangedSinceItThenASnapshotAgain() {
        List<SessionOpened.RosterEntry> roster = IntStream.range(0, 40).mapToObj(i -> new SessionOpened.RosterEntry("s" + i + "@c.test", "S" + i)).toList();
        SessionOpened opened = new SessionOpened("s1", OPENED.subjectId(), OPENED.classId(), OPENED.periodId(), OPENED.date(),
                OPENED.teacherEmail(), OPENED.mode(), OPENED.startedAt(), OPENED.lateAt(), OPENED.closesAt(), roster);
        sessions.pipeInput("s1", opened, START);
        driver.advanceWallClockTime(SessionProcessor.LIVE_FLUSH);
        var snapshot = live.readRecord();
        assertThat(snapshot.key()).isEqualTo("s1");
        assertThat(snapshot.value().isChange()).isFalse();
        assertThat(snapshot.value().students()).hasSize(40);
        assertThat(live.isEmpty()).isTrue();

        submissions.pipeInput("s1", DecisionRulesTest.scan("s0@c.test", START.plusSeconds(1)), START.plusSeconds(1));
        driver.advanceWallClockTime(SessionProcessor.LIVE_FLUSH);
        submissions.pipeInput("s1", DecisionRulesTest.scan("s1@c.test", START.plusSeconds(2)), START.plusSeconds(2));
        submissions.pipeInput("s1", DecisionRulesTest.scan("s1@c.test", START.plusSeconds(3)), START.plusSeconds(3)); // decides nothing
        driver.advanceWallClockTime(SessionProcessor.LIVE_FLUSH);
        var changes = live.readRecordsToList();
        assertThat(changes).extracting(r -> r.key()).containsExactly(LiveView.changesKey("s1", 1), LiveView.changesKey("s1", 2));
        assertThat(changes).allSatisfy(r -> assertThat(r.value().base()).isEqualTo(snapshot.value().updatedAt()));
        // each change holds the students changed since the one before (each sent once) and the counts as they stand
        assertThat(changes.getFirst().value().students()).extracting(LiveView.Student::email).containsExactly("s0@c.test");
        assertThat(changes.getLast().value().students()).extracting(LiveView.Student::email).containsExactly("s1@c.test");
        assertThat(changes.getLast().value().counts()).isEqualTo(new LiveView.Counts(2, 0, 0, 0, 0, 38));
        assertThat(changes.getLast().value().alerts()).isEmpty();

        driver.advanceWallClockTime(SessionProcessor.LIVE_FLUSH);
        assertThat(live.isEmpty()).as("nothing changed, nothing sent").isTrue();
        for (int i = 2; i < 21; i++) {
            submissions.pipeInput("s1", DecisionRulesTest.scan("s" + i + "@c.test", START.plusSeconds(4)), START.plusSeconds(4));
        }
        driver.advanceWallClockTime(SessionProcessor.LIVE_FLUSH);
        var three = live.readRecord();
        assertThat(three.key()).isEqualTo(LiveView.changesKey("s1", 3));
        assertThat(three.value().students()).hasSize(19);
        assertThat(three.value().counts().present()).isEqualTo(21);
        for (int i = 21; i < 39; i++) {
            submissions.pipeInput("s1", DecisionRulesTest.scan("s" + i + "@c.test", START.plusSeconds(4)), START.plusSeconds(4));
        }
        driver.advanceWallClockTime(SessionProcessor.LIVE_FLUSH);
        var four = live.readRecord();
        assertThat(four.key()).as("39 students in changes, fewer than the roster: still a change").isEqualTo(LiveView.changesKey("s1", 4));
        assertThat(four.value().students()).hasSize(18);

        submissions.pipeInput("s1", DecisionRulesTest.scan("s39@c.test", START.plusSeconds(5), 90), START.plusSeconds(5));
        driver.advanceWallClockTime(SessionProcessor.LIVE_FLUSH);
        var flagged = live.readRecord();
        assertThat(flagged.key()).as("an alert comes with a snapshot").isEqualTo("s1");
        assertThat(flagged.value().alerts()).singleElement().satisfies(a -> assertThat(a.students()).containsExactly("s39@c.test"));
    }

    @Test
    void aSnapshotComesOnceTheChangesOnTheLastCarryARostersWorthOrReachTheirLimit() {
        assertThat(SessionProcessor.snapshotDue(2_000, 10, 1_999)).isFalse();
        assertThat(SessionProcessor.snapshotDue(2_000, 10, 2_000)).isTrue();
        assertThat(SessionProcessor.snapshotDue(2_000, LiveView.MAX_CHANGES - 1, 100)).isFalse();
        assertThat(SessionProcessor.snapshotDue(2_000, LiveView.MAX_CHANGES, 100)).isTrue();
        assertThat(SessionProcessor.snapshotDue(5, 1, 15)).as("a small roster: up to 16 students in changes").isFalse();
        assertThat(SessionProcessor.snapshotDue(5, 1, 16)).isTrue();
    }

    @Test
    void alertsFlowToTheirTopicAndRefusalsOfUnknownSessionsAreIgnored() {
        var rejections = driver.createInputTopic(Topics.REJECTIONS.name(), Topics.REJECTIONS.keySerde().serializer(),
                Topics.REJECTIONS.valueSerde().serializer());
        var alerts = driver.createOutputTopic(Topics.ALERTS.name(), Topics.ALERTS.keySerde().deserializer(),
                Topics.ALERTS.valueSerde().deserializer());
        sessions.pipeInput("s1", OPENED, START);
        rejections.pipeInput("unknown-session", new SubmissionRejected("z", "unknown-session",
                "a@c.test", CaptureMethod.OTP, "OTP_ATTEMPTS_EXHAUSTED", START, "d", "x"), START);
        rejections.pipeInput("s1", new SubmissionRejected("z", "s1", "a@c.test", CaptureMethod.OTP,
                "OTP_ATTEMPTS_EXHAUSTED", START, "d", "x"), START);
        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.sessionId()).isEqualTo("s1");
            assertThat(a.type()).isEqualTo(AlertType.OTP_ATTEMPTS_EXHAUSTED);
        });
        KeyValueStore<String, SessionState> store = driver.getKeyValueStore(SessionProcessor.STORE);
        assertThat(store.get("unknown-session")).isNull();
    }

    @Test
    void theWallClockPunctuatorClosesASessionWhoseEndPassed() {
        sessions.pipeInput("s1", OPENED, START);
        decisions.readValuesToList();
        now.set(CLOSES.plusSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(decisions.readValuesToList()).hasSize(3)
                .allSatisfy(d -> assertThat(d.status()).isEqualTo(AttendanceStatus.ABSENT));
        now.set(CLOSES.plusSeconds(10));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void closedSessionsAreForgottenAfterTheRetentionAndOnlyThen() {
        sessions.pipeInput("s1", OPENED, START);
        sessions.pipeInput("s1", new SessionClosed("s1", CLOSES, "TEACHER"), CLOSES);
        KeyValueStore<String, SessionState> store = driver.getKeyValueStore(SessionProcessor.STORE);
        KeyValueStore<String, SessionState.Student> students = driver.getKeyValueStore(SessionProcessor.STUDENTS);
        KeyValueStore<String, String> timers = driver.getKeyValueStore(SessionProcessor.TIMERS);
        now.set(CLOSES.plus(Duration.ofHours(6)).minusSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(store.get("s1")).isNotNull();
        assertThat(students.get("s1|c@c.test")).isNotNull();
        assertThat(live.readRecordsToList()).as("no tombstone before the retention").allSatisfy(r -> assertThat(r.value()).isNotNull());
        now.set(CLOSES.plus(Duration.ofHours(6)).plusSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(store.get("s1")).isNull();
        assertThat(students.get("s1|c@c.test")).isNull();
        var tombstones = live.readRecordsToList();
        assertThat(tombstones).as("the compacted live topic forgets every key of the session").allSatisfy(r -> assertThat(r.value()).isNull())
                .extracting(r -> r.key()).containsExactlyElementsOf(Stream.concat(Stream.of("s1"),
                        IntStream.rangeClosed(1, LiveView.MAX_CHANGES).mapToObj(n -> LiveView.changesKey("s1", n))).toList());
        try (var all = timers.all()) {
            assertThat(all.hasNext()).as("no timer left behind").isFalse();
        }
    }
}
