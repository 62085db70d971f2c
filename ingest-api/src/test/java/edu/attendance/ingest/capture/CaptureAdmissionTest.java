package edu.attendance.ingest.capture;

import edu.attendance.ingest.support.KafkaReach;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests the HTTP server may shed for the ingest API: the captures, nothing else. */
class CaptureAdmissionTest {

    private final KafkaReach kafka = new KafkaReach(() -> false, System::nanoTime);
    private final CaptureAdmission admission = new CaptureAdmission(new AdmissionSettings(64, Duration.ofMillis(50), Duration.ofSeconds(1), true),
            kafka);

    @Test
    void scansBatchesAndTypedCodesAreSheddable() {
        for (String path : List.of("/api/v1/scans", "/api/v1/scans/batch", "/api/v1/sessions/abc/otp-attempts")) {
            assertThat(admission.sheddable("POST", path)).as(path).isTrue();
        }
    }

    @Test
    void teachersRoutesReadsAndEverythingElseAreNot() {
        for (String path : List.of("/api/v1/sessions", "/api/v1/sessions/abc/close", "/api/v1/sessions/abc/marks",
                "/api/v1/scans/batch/extra", "/api/v1/devices", "/api/v1/sessions/a/b/otp-attempts", "/api/v1/scansx")) {
            assertThat(admission.sheddable("POST", path)).as(path).isFalse();
        }
        assertThat(admission.sheddable("GET", "/api/v1/scans")).isFalse();
    }

    @Test
    void theSettingsAreTheServers() {
        assertThat(admission.maxInFlight()).isEqualTo(64);
        assertThat(admission.maxLag()).isEqualTo(Duration.ofMillis(50));
        assertThat(admission.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void capturesAreRefusedAtOnceWhileThisInstancesWritesToKafkaTimeOut() {
        assertThat(admission.away()).isFalse();
        kafka.failed(new TimeoutException("Expiring 1 record(s) for attendance.submissions-0"));
        assertThat(admission.away()).isTrue();
        kafka.succeeded();
        assertThat(admission.away()).isFalse();
    }
}
