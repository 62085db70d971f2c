package edu.attendance.dashboard.live;

import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.contracts.LiveView;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import reactor.core.Disposable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's copy of the live topic: changes built on the held snapshot apply in order, one built on another
 * snapshot does not; a session's tombstone forgets it, its changes' tombstones do not.
 */
class LiveViewsTest {

    final LiveViews views = new LiveViews(new KafkaProperties());
    final String id = LiveControllerTest.ID.toString();

    @Test
    void aTombstoneOnTheSessionsKeyForgetsTheSession() {
        views.accept(id, LiveControllerTest.TWO);
        assertThat(views.get(id)).contains(LiveControllerTest.TWO);
        views.accept(LiveView.changesKey(id, 1), null);
        assertThat(views.get(id)).as("the changes' key compacted away: the snapshot still holds").isPresent();
        views.accept(id, null);
        assertThat(views.get(id)).isEmpty();
        assertThat(views.latest(id)).isEmpty();
    }

    static final LiveView.Student ASHA = LiveControllerTest.ASHA;
    static final LiveView.Student BEN_IN = new LiveView.Student("b@college.test", "Ben", AttendanceStatus.LATE, CaptureMethod.OTP,
            Instant.parse("2026-12-01T09:12:00Z"), false, List.of());
    static final LiveView.Student ASHA_EXCUSED = new LiveView.Student("a@college.test", "Asha", AttendanceStatus.EXCUSED, null,
            Instant.parse("2026-12-01T09:13:00Z"), false, List.of());

    static LiveView change(Instant base, Instant at, LiveView.Counts counts, LiveView.Student... students) {
        LiveView v = LiveControllerTest.TWO;
        return new LiveView(v.sessionId(), v.teacherEmail(), v.subjectId(), v.classId(), "OPEN", counts, List.of(students), List.of(), at, base);
    }

    @Test
    void eachChangeOnTheHeldSnapshotAppliesInOrderAndKeepsWhatEarlierOnesSaid() {
        Instant base = LiveControllerTest.TWO.updatedAt();
        views.accept(id, LiveControllerTest.TWO);
        views.accept(LiveView.changesKey(id, 1), change(base, base.plusSeconds(60), new LiveView.Counts(1, 1, 0, 0, 0, 0), BEN_IN));
        views.accept(LiveView.changesKey(id, 2), change(base, base.plusSeconds(120), new LiveView.Counts(0, 1, 0, 1, 0, 0), ASHA_EXCUSED));
        LiveView now = views.get(id).orElseThrow();
        assertThat(now.students()).as("Ben from the first change, Asha from the second").containsExactly(ASHA_EXCUSED, BEN_IN);
        assertThat(now.counts()).isEqualTo(new LiveView.Counts(0, 1, 0, 1, 0, 0));
        assertThat(now.isChange()).as("the held view is whole").isFalse();
        assertThat(views.latest(id).orElseThrow().named()).as("the last update names only what its record changed").containsExactly(ASHA_EXCUSED);
    }

    @Test
    void aChangeBuiltOnAnotherSnapshotIsSkipped() {
        views.accept(id, LiveControllerTest.TWO);
        Instant older = LiveControllerTest.TWO.updatedAt().minusSeconds(30);
        views.accept(LiveView.changesKey(id, 3), change(older, older.plusSeconds(10), new LiveView.Counts(1, 1, 0, 0, 0, 0), BEN_IN));
        assertThat(views.get(id)).contains(LiveControllerTest.TWO);
        String other = "6c2e1d8f-1e8f-4d66-8e1f-7f1f3c5b2d22";
        views.accept(LiveView.changesKey(other, 1), change(older, older, new LiveView.Counts(1, 1, 0, 0, 0, 0), BEN_IN));
        assertThat(views.get(other)).as("a change with no snapshot held").isEmpty();
    }

    @Test
    void aSessionsScreensAreHandedItsUpdatesOnlyEachNamingTheOneItWasBuiltOn() {
        String other = "6c2e1d8f-1e8f-4d66-8e1f-7f1f3c5b2d22";
        LiveView otherView = new LiveView(other, "ravi@college.test", "CS-OS", "CSE-2B", "OPEN", LiveControllerTest.TWO.counts(),
                LiveControllerTest.TWO.students(), List.of(), LiveControllerTest.TWO.updatedAt());
        List<LiveViews.Update> seen = new ArrayList<>();
        Disposable screen = views.changes(id).subscribe(seen::add);
        Instant base = LiveControllerTest.TWO.updatedAt();
        views.accept(id, LiveControllerTest.TWO);
        views.accept(other, otherView);
        views.accept(LiveView.changesKey(id, 1), change(base, base.plusSeconds(60), new LiveView.Counts(1, 1, 0, 0, 0, 0), BEN_IN));
        screen.dispose();
        assertThat(seen).extracting(u -> u.view().sessionId()).containsExactly(id, id);
        assertThat(seen.get(0).after()).as("a snapshot is built on nothing a screen holds").isEqualTo(-1);
        assertThat(seen.get(1).after()).as("the change on the snapshot's update").isEqualTo(seen.get(0).seq());
        assertThat(seen.get(1).named()).containsExactly(BEN_IN);
    }
}
