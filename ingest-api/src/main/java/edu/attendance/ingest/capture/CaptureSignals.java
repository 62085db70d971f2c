package edu.attendance.ingest.capture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import edu.attendance.ingest.session.OpenSession;
import edu.attendance.platform.AttendanceProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gathers the anti-proxy signals of a submission (SPEC rule 7) from what this instance has seen of the
 * session: which device fingerprint marked whom, wrong OTPs, bursts per address; plus the campus
 * networks and the teacher's location. The score itself is {@link RiskScore}.
 */
@Component
public class CaptureSignals {

    public record Location(double lat, double lon, double accuracyM) {
    }

    private final CampusNetwork campus;
    private final int maxDistance;
    private final int burstLimit;
    private final OtpAttempts otpAttempts;
    private final Cache<String, Map<String, String>> devicesBySession = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(12)).maximumSize(100_000).build();
    private final Cache<String, Deque<Instant>> recentByAddress = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(1)).maximumSize(1_000_000).build();

    public CaptureSignals(AttendanceProperties props, OtpAttempts otpAttempts, CampusNetwork campus) {
        this.campus = campus;
        this.maxDistance = props.capture().maxDistanceMeters();
        this.burstLimit = props.capture().burstLimit();
        this.otpAttempts = otpAttempts;
    }

    /**
     * Assesses a submission about to be accepted. {@code tokenAgeFraction}: how much of the token's
     * validity had passed at capture (0 for an OTP). Records the device and address for later ones.
     */
    public RiskScore.Assessment assess(OpenSession s, String email, String fingerprint, String address,
                                       double tokenAgeFraction, Location location, Instant at) {
        Map<String, String> devices = devicesBySession.get(s.sessionId().toString(), k -> new ConcurrentHashMap<>());
        String firstUser = devices.putIfAbsent(fingerprint, email);
        boolean shared = firstUser != null && !firstUser.equals(email);
        boolean offCampus = campus.configured() && !address.isEmpty() && !campus.contains(address);
        Double distance = null;
        double allowed = maxDistance;
        if (location != null && s.location() != null) {
            distance = RiskScore.distanceMeters(location.lat(), location.lon(), s.location().lat(), s.location().lon());
            allowed = maxDistance + location.accuracyM() + s.location().accuracyM();
        }
        // a whole class shares the campus network's address: bursts only mean something from elsewhere
        boolean burst = offCampus && burst(s.sessionId() + "|" + address, at);
        return RiskScore.assess(new RiskScore.Inputs(shared, tokenAgeFraction, offCampus, distance, allowed,
                otpAttempts.wrongSoFar(s.sessionId(), email), burst));
    }

    private boolean burst(String key, Instant at) {
        Deque<Instant> recent = recentByAddress.get(key, k -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(at);
            Instant horizon = at.minusSeconds(10);
            while (!recent.isEmpty() && recent.peekFirst().isBefore(horizon)) {
                recent.removeFirst();
            }
            return recent.size() > burstLimit;
        }
    }
}
