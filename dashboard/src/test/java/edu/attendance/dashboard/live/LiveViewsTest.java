package edu.attendance.dashboard.live;

import edu.attendance.contracts.LiveView;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's copy of the live topic: a session's tombstone forgets it, its changes' tombstone does not. */
class LiveViewsTest {

    final LiveViews views = new LiveViews(new KafkaProperties());
    final String id = LiveControllerTest.ID.toString();

    @Test
    void aTombstoneOnTheSessionsKeyForgetsTheSession() {
        views.accept(id, LiveControllerTest.TWO);
        assertThat(views.get(id)).contains(LiveControllerTest.TWO);
        views.accept(LiveView.changesKey(id), null);
        assertThat(views.get(id)).as("the changes' key compacted away: the snapshot still holds").isPresent();
        views.accept(id, null);
        assertThat(views.get(id)).isEmpty();
        assertThat(views.latest(id)).isEmpty();
    }
}
