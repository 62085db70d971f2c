package edu.attendance.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The live topic's keys: a session's snapshot key and the keys of the changes built on it name the same session. */
class LiveViewTest {

    static final String ID = "5b1d0c7e-0d7e-4c55-9d0f-6f0e2b4a1c11";

    @Test
    void everyKeyOfASessionNamesIt() {
        assertThat(LiveView.sessionOf(ID)).isEqualTo(ID);
        assertThat(LiveView.sessionOf(LiveView.changesKey(ID, 1))).isEqualTo(ID);
        assertThat(LiveView.sessionOf(LiveView.changesKey(ID, LiveView.MAX_CHANGES))).isEqualTo(ID);
        assertThat(LiveView.changesKey(ID, 1)).isNotEqualTo(LiveView.changesKey(ID, 2)).isNotEqualTo(ID);
    }

    @Test
    void aChangeNumberOutsideTheLimitIsAMistake() {
        assertThatThrownBy(() -> LiveView.changesKey(ID, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LiveView.changesKey(ID, LiveView.MAX_CHANGES + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
