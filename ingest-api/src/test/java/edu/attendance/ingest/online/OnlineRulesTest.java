package edu.attendance.ingest.online;

import edu.attendance.contracts.AttendanceStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Minutes in the meeting: merged, clipped to the session, and the share that makes a mark. */
class OnlineRulesTest {

    static final Instant START = Instant.parse("2026-12-07T03:30:00Z");
    static final Instant END = START.plus(Duration.ofMinutes(60));
    static final Instant LATE = START.plus(Duration.ofMinutes(10));

    static OnlineRules.Interval at(int fromMinute, int toMinute) {
        return new OnlineRules.Interval(START.plus(Duration.ofMinutes(fromMinute)), START.plus(Duration.ofMinutes(toMinute)));
    }

    static AttendanceStatus decide(OnlineRules.Interval... stays) {
        return OnlineRules.decide(OnlineRules.presence(List.of(stays), START, END), START, END, LATE, 0.75);
    }

    @Test
    void reconnectsAndSeveralReportsMergeWithoutCountingTwice() {
        assertThat(OnlineRules.merge(List.of(at(30, 58), at(1, 30), at(20, 25), at(58, 59)), START, END))
                .containsExactly(at(1, 59));
        assertThat(OnlineRules.merge(List.of(at(1, 30), at(32, 58)), START, END)).containsExactly(at(1, 30), at(32, 58));
        // the same report imported twice, or two platforms' reports of one meeting
        assertThat(OnlineRules.presence(List.of(at(1, 30), at(1, 30), at(32, 58), at(32, 58)), START, END).time())
                .isEqualTo(Duration.ofMinutes(55));
    }

    @Test
    void onlyTheSessionsMinutesCount() {
        OnlineRules.Presence p = OnlineRules.presence(List.of(at(-15, 5), at(50, 90)), START, END);
        assertThat(p.intervals()).containsExactly(at(0, 5), at(50, 60));
        assertThat(p.time()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.firstJoin()).isEqualTo(START);
        assertThat(OnlineRules.presence(List.of(at(-30, -5), at(70, 80)), START, END)).isEqualTo(OnlineRules.Presence.NONE);
    }

    @Test
    void theCollegesShareOfTheMinutesIsPresentLateAfterTheLateTimeAndLessIsAbsent() {
        assertThat(decide(at(1, 60))).isEqualTo(AttendanceStatus.PRESENT);
        assertThat(decide(at(0, 45))).as("exactly 75 %").isEqualTo(AttendanceStatus.PRESENT);
        assertThat(decide(at(0, 44))).isEqualTo(AttendanceStatus.ABSENT);
        assertThat(decide(at(10, 60))).as("joined at the late time").isEqualTo(AttendanceStatus.PRESENT);
        assertThat(decide(at(11, 60))).as("joined after it, stayed 49 of 60").isEqualTo(AttendanceStatus.LATE);
        assertThat(decide(at(16, 60))).as("joined too late to reach the share").isEqualTo(AttendanceStatus.ABSENT);
        assertThat(decide(at(0, 20), at(25, 50))).as("45 minutes over a reconnect").isEqualTo(AttendanceStatus.PRESENT);
        assertThat(decide()).isEqualTo(AttendanceStatus.ABSENT);
    }

    @Test
    void aSessionWithoutMinutesMarksNobody() {
        OnlineRules.Presence all = OnlineRules.presence(List.of(at(0, 60)), START, END);
        assertThat(OnlineRules.decide(all, START, START, START, 0.75)).isEqualTo(AttendanceStatus.ABSENT);
        assertThat(OnlineRules.decide(all, START, END, LATE, 1.0)).isEqualTo(AttendanceStatus.PRESENT);
    }
}
