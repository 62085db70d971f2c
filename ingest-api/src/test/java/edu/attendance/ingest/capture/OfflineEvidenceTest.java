package edu.attendance.ingest.capture;

import edu.attendance.platform.security.Presence;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What the platform heard from an account says whether its phone was in fact offline at the capture time it claims. */
class OfflineEvidenceTest {

    static final Instant CAPTURED = Instant.parse("2026-12-05T09:00:10Z");

    @Test
    void aPhoneHeardFromAtItsClaimedCaptureTimeWasOnline() {
        Presence presence = new Presence(10);
        presence.heard("relay@x", CAPTURED.minusSeconds(2)); // its app polled while the code was on the screen
        RiskScore.Offline later = CaptureSignals.offline(true, presence, "relay@x", CAPTURED, CAPTURED.plusSeconds(3_600));
        assertThat(later).isEqualTo(new RiskScore.Offline(true, true));
        assertThat(CaptureSignals.offline(true, presence, "relay@x", CAPTURED.plusSeconds(10), CAPTURED.plusSeconds(3_600)).onlineAtCapture())
                .as("heard 12 s before the claimed time: not then").isFalse();
    }

    @Test
    void aPhoneWhoseNetworkHasJustComeBackIsNotCountedOnline() {
        Presence presence = new Presence(10);
        // silent in the room; the network comes back 2 s after the scan: the reconnect and the sync are heard together
        presence.heard("honest@x", CAPTURED.plusSeconds(2));
        assertThat(CaptureSignals.offline(false, presence, "honest@x", CAPTURED, CAPTURED.plusSeconds(2)))
                .isEqualTo(new RiskScore.Offline(false, false));
        assertThat(CaptureSignals.offline(false, presence, "honest@x", CAPTURED, CAPTURED.plusSeconds(6)).onlineAtCapture()).isFalse();
        // never heard at all
        assertThat(CaptureSignals.offline(true, presence, "silent@x", CAPTURED, CAPTURED.plusSeconds(600)).onlineAtCapture()).isFalse();
    }
}
