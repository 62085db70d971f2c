package edu.attendance.ingest.capture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import edu.attendance.ingest.session.OpenSession;
import edu.attendance.ingest.session.Position;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.Presence;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gathers the anti-proxy evidence of a submission (docs/rules.md rule 7) from what this instance has seen of the
 * session (which phone (app install) marked whom, wrong OTPs, bursts per address), the campus networks, the
 * teacher's and the student's locations, how long after its window the code arrived, and the student's
 * flag history. The weighing itself is {@link RiskScore}.
 */
@Component
class CaptureSignals {

    private final CampusNetwork campus;
    private final int roomMeters;
    private final int coarseMeters;
    private final int burstLimit;
    private final OtpAttempts otpAttempts;
    private final FlagHistory history;
    private final Presence presence;
    private final Cache<String, Map<String, String>> devicesBySession = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(12)).maximumSize(100_000).build();
    private final Cache<String, Deque<Instant>> recentByAddress = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(1)).maximumSize(1_000_000).build();

    public CaptureSignals(AttendanceProperties props, OtpAttempts otpAttempts, CampusNetwork campus, FlagHistory history,
                          Presence presence) {
        this.presence = presence;
        this.campus = campus;
        this.roomMeters = props.capture().maxDistanceMeters();
        this.coarseMeters = props.capture().coarseLocationMeters();
        this.burstLimit = props.capture().burstLimit();
        this.otpAttempts = otpAttempts;
        this.history = history;
    }

    /**
     * What the capture path knows of one submission about to be accepted; {@code offline}: null for an online one (the
     * server dated it), else what is known of the phone's claim.
     */
    public record Evidence(OpenSession session, String email, String device, String address, boolean typedCode,
                           Duration afterWindowEnd, Position location, Instant capturedAt, RiskScore.Offline offline,
                           RiskScore.LeftApp leftApp, CaptureClaims.Elsewhere elsewhere) {
    }

    /** Captures from one off-campus address this close together count toward a burst. */
    static final Duration BURST_WINDOW = Duration.ofSeconds(10);

    /** How near the claimed capture time a request of the account counts as "online then" (either side). */
    static final Duration HEARD_NEAR = Duration.ofSeconds(3);
    /**
     * Requests heard this shortly before an offline sync arrives say nothing of the capture time: the network has just
     * come back (the web app reconnects and sends its queue together), and the sync is one of them.
     */
    static final Duration JUST_BACK = Duration.ofSeconds(5);

    /** The offline evidence of a capture claimed at {@code capturedAt} for session {@code s}, arriving {@code now}. */
    public RiskScore.Offline offline(OpenSession s, String email, Instant capturedAt, Instant now) {
        return offline(!s.isOpenAt(now), presence, email, capturedAt, now);
    }

    /**
     * {@code afterClose}: the session no longer takes online marks. Online at capture: the account was heard from within
     * {@link #HEARD_NEAR} of the claimed capture time, not counting what was heard in the last {@link #JUST_BACK}.
     */
    static RiskScore.Offline offline(boolean afterClose, Presence presence, String email, Instant capturedAt, Instant now) {
        Instant from = capturedAt.minus(HEARD_NEAR);
        Instant to = capturedAt.plus(HEARD_NEAR);
        Instant recent = now.minus(JUST_BACK);
        if (recent.isBefore(to)) {
            to = recent;
        }
        boolean online = !to.isBefore(from) && presence.heardBetween(email, from, to);
        return new RiskScore.Offline(afterClose, online);
    }

    /** Whether a capture of session {@code s} from {@code address} came from off the campus network, where that counts. */
    public boolean offCampus(OpenSession s, String address) {
        // online and hybrid classes: a student at home is where they should be, so the in-room evidence does not count
        return s.delivery().inRoom() && campus.configured() && !address.isEmpty() && !campus.contains(address);
    }

    /**
     * Assesses a submission about to be accepted; records the device and address for later ones. What this instance saw
     * and what the other instances' captures say ({@link Evidence#elsewhere()}) both count.
     */
    public RiskScore.Assessment assess(Evidence e) {
        OpenSession s = e.session();
        Map<String, String> devices = devicesBySession.get(s.sessionId().toString(), k -> new ConcurrentHashMap<>());
        // the app's install (its UUID, with the device's key behind it), not the browser's fingerprint: two honest phones
        // of one model share a fingerprint, never an install
        String firstUser = devices.putIfAbsent(e.device(), e.email());
        boolean shared = firstUser != null && !firstUser.equals(e.email()) || e.elsewhere().deviceUsedByAnother();
        boolean inRoom = s.delivery().inRoom();
        boolean offCampus = offCampus(s, e.address());
        // a whole class shares the campus network's address: bursts only mean something from elsewhere
        boolean burst = offCampus && (burst(s.sessionId() + "|" + e.address(), e.capturedAt())
                || e.elsewhere().recentFromAddress() + 1 > burstLimit);
        return RiskScore.assess(RiskScore.Inputs.NOTHING_AGAINST
                .withTypedCode(e.typedCode())
                .withDeviceUsedByAnotherStudent(shared)
                .withAfterWindowEnd(e.afterWindowEnd())
                .withOffCampus(offCampus)
                .withProximity(RiskScore.proximity(e.location(), inRoom ? s.location() : null, roomMeters, coarseMeters))
                .withWrongOtps(Math.max(otpAttempts.guessesSoFar(s.sessionId(), e.email()), e.elsewhere().otpGuesses()))
                .withBurst(burst)
                .withFlaggedBefore(history.flaggedBefore(e.email(), s.sessionId()))
                .withOffline(e.offline())
                .withLeftApp(e.leftApp()));
    }

    /** Remembers a FLAGGED submission as the student's history. */
    public void flagged(OpenSession s, String email, List<String> flags, Instant at) {
        history.recordFlag(s.sessionId(), email, flags, at);
    }

    private boolean burst(String key, Instant at) {
        Deque<Instant> recent = recentByAddress.get(key, k -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(at);
            Instant horizon = at.minus(BURST_WINDOW);
            while (!recent.isEmpty() && recent.peekFirst().isBefore(horizon)) {
                recent.removeFirst();
            }
            return recent.size() > burstLimit;
        }
    }
}
