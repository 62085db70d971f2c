package edu.attendance.ingest.capture;

import edu.attendance.ingest.support.KafkaReach;
import edu.attendance.platform.web.ShedPolicy;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Admission control for the capture routes (docs/rules.md, "Scale"): the HTTP server refuses a scan, a batch or a typed
 * code with {@code 503 UNAVAILABLE} and {@code Retry-After} as soon as its headers are decoded — before security, the
 * body or the application — when {@code maxInFlight} captures are already being worked on, or when the event loop that
 * decoded it keeps running more than {@code maxLag} behind (the processor is saturated: what is admitted now would wait). So a
 * top-of-the-hour surge is shed in microseconds instead of queueing for seconds; the phone keeps its scan and sends it
 * again after the wait. Teachers' routes, live streams and reads are never shed.
 */
@Component
class CaptureAdmission implements ShedPolicy {

    private static final Pattern CAPTURE = Pattern.compile("/api/v1/scans(/batch)?|/api/v1/sessions/[^/]+/otp-attempts");

    private final AdmissionSettings settings;
    private final KafkaReach kafka;

    CaptureAdmission(AdmissionSettings settings, KafkaReach kafka) {
        this.settings = settings;
        this.kafka = kafka;
    }

    static boolean isCapture(String method, String path) {
        return "POST".equals(method) && CAPTURE.matcher(path).matches();
    }

    @Override
    public boolean sheddable(String method, String path) {
        return isCapture(method, path);
    }

    @Override
    public int maxInFlight() {
        return settings.maxInFlight();
    }

    @Override
    public Duration maxLag() {
        return settings.maxLag();
    }

    @Override
    public Duration retryAfter() {
        return settings.retryAfter();
    }

    /** This instance's writes to Kafka time out: a capture would only wait ten seconds to be refused. */
    @Override
    public boolean away() {
        return kafka.refuseNow();
    }
}
