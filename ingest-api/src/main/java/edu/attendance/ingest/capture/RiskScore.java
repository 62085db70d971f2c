package edu.attendance.ingest.capture;

import edu.attendance.ingest.session.Position;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Anti-proxy evidence of one submission (docs/rules.md rule 7), each signal recorded by name and summed into a score;
 * at the threshold (50 by default) the submission is FLAGGED for the teacher. Plain data in, plain data out;
 * {@link CaptureSignals} gathers the inputs.
 *
 * <p>The weights are evidence, not a checklist: roughly how much likelier each signal is for a relay than for a
 * student in the room, as the relay simulation ({@code ./attendance bench integrity}) draws them. The attack that matters is the relay: a friend in the room
 * sends the projected code (or reads out the OTP) to someone elsewhere. A location far beyond both accuracies
 * from the teacher's is decisive on its own ({@link Signal#FAR_FROM_TEACHER} alone reaches the threshold);
 * everything else is weak alone and counts when it comes together: no location where the teacher shared one,
 * a typed code (it can be read out or texted, a rotating projected code has to be seen), a code sent after it
 * had left the screen, an address outside the campus networks, a student flagged before and not cleared.
 */
final class RiskScore {

    /** The default threshold, for the tests and the docs; the setting is {@code attendance.capture.risk-threshold}. */
    public static final int DEFAULT_THRESHOLD = 50;
    /**
     * A QR code that arrives more than this after its window ended had left the screen well before the request
     * came: in the room a read code reaches the platform within a few hundred milliseconds (the projector's swap,
     * the decode and the network), a relay adds its own delay.
     */
    public static final Duration LEFT_SCREEN_SLACK = Duration.ofMillis(500);
    /**
     * At most this much of a code's late arrival is put down to the phone's own network, as the app measured its round
     * trip: an honest phone on a slow network (0.8–2.5 s to deliver a request) read the code in time. A relay's delay is
     * in the video or the chat before its phone reads the code, which no network measure explains.
     */
    public static final Duration NETWORK_CREDIT_MAX = Duration.ofMillis(2500);
    /** Leaving the app for less than this in all (a notification pulled down and pushed back) is not evidence. */
    public static final Duration LEFT_APP_SLACK = Duration.ofSeconds(3);

    /** One piece of evidence and its weight. The names are recorded with the submission and shown in words. */
    public enum Signal {
        /** One phone (the app's install on it) marked another student in this session first. */
        SHARED_DEVICE(60),
        /** Farther from the teacher than the room's radius plus twice both accuracies: not in the room. */
        FAR_FROM_TEACHER(60),
        /** Beyond the room's radius plus both accuracies, but not by much: GPS indoors can be that wrong. */
        OUTSIDE_ROOM(20),
        /** The teacher shared a location and the student none, or one too coarse to compare. */
        NO_LOCATION(15),
        /** An OTP: a typed code proves sight of the screen less than a scanned rotating code. */
        TYPED_CODE(20),
        /** The QR code arrived more than {@link #LEFT_SCREEN_SLACK} after its window ended. */
        OLD_TOKEN(25),
        /** The request came from outside the configured campus networks (mobile data is off campus too). */
        OFF_CAMPUS(15),
        /** Wrong OTPs first, per wrong code (at most two count). */
        WRONG_OTP(20),
        /** Many captures from one off-campus address within seconds. */
        BURST(25),
        /** The student has a flag from another recent session that no teacher cleared. */
        FLAGGED_BEFORE(20),
        /**
         * An offline capture without a location where the teacher shared one: a phone locates itself without a network,
         * so an offline claim from the room normally carries its position; it replaces NO_LOCATION there.
         */
        OFFLINE_NO_LOCATION(30),
        /** An offline capture that arrived after the session had closed: its capture time is the phone's word alone. */
        OFFLINE_AFTER_CLOSE(15),
        /**
         * The account was heard from (a request of its own) within seconds of the capture time an offline submission
         * claims, though the phone says it had no network then: decisive on its own.
         */
        ONLINE_AT_CAPTURE(60),
        /**
         * The student left the app (it was hidden, lost focus, another tab) for more than {@link #LEFT_APP_SLACK} in all
         * while the code was on their screen or being typed: what asking a friend for the code looks like, and what
         * answering a message looks like too — weak, never enough alone; with no location and a typed code it reaches the
         * threshold (15 + 15 + 20: the hostel relay of a texted code, which was one piece short before; {@code bench
         * integrity}, docs/benchmarks.md). Recorded as {@code LEFT_APP:<times>:<seconds>}.
         */
        LEFT_APP(15);

        private final int weight;

        Signal(int weight) {
            this.weight = weight;
        }

        public int weight() {
            return weight;
        }
    }

    /** Where the student was relative to the teacher, as far as both shared a location. */
    public enum Proximity {
        /** The teacher shared no location: nothing to compare, no evidence either way. */
        NOT_COMPARED,
        /** The teacher shared one, the student none (or one too coarse). */
        MISSING,
        NEAR,
        OUTSIDE,
        FAR
    }

    /**
     * What is known about a submission. {@code afterWindowEnd}: capture time minus the end of the QR token's
     * window (negative while the code was still the current one; null for an OTP).
     */
    public record Inputs(boolean typedCode, boolean deviceUsedByAnotherStudent, Duration afterWindowEnd,
                         boolean offCampus, Proximity proximity, int wrongOtps, boolean burst, boolean flaggedBefore,
                         Offline offline, LeftApp leftApp) {

        /**
         * Nothing known against a submission: a scanned code (not typed), read with no window on record, on campus, next
         * to the teacher, no wrong codes, no burst, no earlier flag, online. Each {@code with…} adds one piece of evidence.
         */
        public static final Inputs NOTHING_AGAINST = new Inputs(false, false, null, false, Proximity.NEAR, 0, false, false, null, null);

        public Inputs withTypedCode(boolean typed) {
            return new Inputs(typed, deviceUsedByAnotherStudent, afterWindowEnd, offCampus, proximity, wrongOtps, burst, flaggedBefore, offline, leftApp);
        }

        public Inputs withDeviceUsedByAnotherStudent(boolean shared) {
            return new Inputs(typedCode, shared, afterWindowEnd, offCampus, proximity, wrongOtps, burst, flaggedBefore, offline, leftApp);
        }

        /** Capture time minus the end of the QR token's window; null for a typed code. */
        public Inputs withAfterWindowEnd(Duration after) {
            return new Inputs(typedCode, deviceUsedByAnotherStudent, after, offCampus, proximity, wrongOtps, burst, flaggedBefore, offline, leftApp);
        }

        public Inputs withOffCampus(boolean off) {
            return new Inputs(typedCode, deviceUsedByAnotherStudent, afterWindowEnd, off, proximity, wrongOtps, burst, flaggedBefore, offline, leftApp);
        }

        public Inputs withProximity(Proximity where) {
            return new Inputs(typedCode, deviceUsedByAnotherStudent, afterWindowEnd, offCampus, where, wrongOtps, burst, flaggedBefore, offline, leftApp);
        }

        public Inputs withWrongOtps(int wrong) {
            return new Inputs(typedCode, deviceUsedByAnotherStudent, afterWindowEnd, offCampus, proximity, wrong, burst, flaggedBefore, offline, leftApp);
        }

        public Inputs withBurst(boolean inBurst) {
            return new Inputs(typedCode, deviceUsedByAnotherStudent, afterWindowEnd, offCampus, proximity, wrongOtps, inBurst, flaggedBefore, offline, leftApp);
        }

        public Inputs withFlaggedBefore(boolean flagged) {
            return new Inputs(typedCode, deviceUsedByAnotherStudent, afterWindowEnd, offCampus, proximity, wrongOtps, burst, flagged, offline, leftApp);
        }

        /** How the student left the app while the code was on their screen (the app's word); null: not at all. */
        public Inputs withLeftApp(LeftApp left) {
            return new Inputs(typedCode, deviceUsedByAnotherStudent, afterWindowEnd, offCampus, proximity, wrongOtps, burst, flaggedBefore, offline, left);
        }

        /** An offline submission's claim; null for one the server's clock dated. */
        public Inputs withOffline(Offline claim) {
            return new Inputs(typedCode, deviceUsedByAnotherStudent, afterWindowEnd, offCampus, proximity, wrongOtps, burst, flaggedBefore, claim, leftApp);
        }
    }

    /**
     * What is known of an offline submission's claim (docs/rules.md rule 8): whether it arrived after the session had
     * closed, and whether the account was heard from at the capture time it claims.
     */
    public record Offline(boolean afterClose, boolean onlineAtCapture) {
    }

    /** The app's count of the times the student left it while the code was on their screen, and for how long in all. */
    public record LeftApp(int times, Duration total) {
    }

    public record Assessment(int score, List<String> flags) {
        public boolean flagged(int threshold) {
            return score >= threshold;
        }
    }

    private RiskScore() {
    }

    public static Assessment assess(Inputs in) {
        List<Signal> signals = new ArrayList<>();
        if (in.deviceUsedByAnotherStudent()) {
            signals.add(Signal.SHARED_DEVICE);
        }
        switch (in.proximity()) {
            case FAR -> signals.add(Signal.FAR_FROM_TEACHER);
            case OUTSIDE -> signals.add(Signal.OUTSIDE_ROOM);
            case MISSING -> signals.add(in.offline() == null ? Signal.NO_LOCATION : Signal.OFFLINE_NO_LOCATION);
            case NEAR, NOT_COMPARED -> {
            }
        }
        if (in.typedCode()) {
            signals.add(Signal.TYPED_CODE);
        }
        if (in.afterWindowEnd() != null && in.afterWindowEnd().compareTo(LEFT_SCREEN_SLACK) > 0) {
            signals.add(Signal.OLD_TOKEN);
        }
        if (in.offCampus()) {
            signals.add(Signal.OFF_CAMPUS);
        }
        if (in.burst()) {
            signals.add(Signal.BURST);
        }
        if (in.flaggedBefore()) {
            signals.add(Signal.FLAGGED_BEFORE);
        }
        if (in.offline() != null && in.offline().afterClose()) {
            signals.add(Signal.OFFLINE_AFTER_CLOSE);
        }
        if (in.offline() != null && in.offline().onlineAtCapture()) {
            signals.add(Signal.ONLINE_AT_CAPTURE);
        }
        boolean left = in.leftApp() != null && in.leftApp().total().compareTo(LEFT_APP_SLACK) > 0;
        if (left) {
            signals.add(Signal.LEFT_APP);
        }
        int score = signals.stream().mapToInt(Signal::weight).sum() + Signal.WRONG_OTP.weight() * Math.min(2, in.wrongOtps());
        List<String> flags = new ArrayList<>(signals.stream()
                .map(sig -> sig == Signal.LEFT_APP ? sig.name() + ":" + in.leftApp().times() + ":" + in.leftApp().total().toSeconds() : sig.name())
                .toList());
        if (in.wrongOtps() > 0) {
            flags.add(Signal.WRONG_OTP.name());
        }
        return new Assessment(score, List.copyOf(flags));
    }

    /**
     * How long after its window a code was read, as far as the phone's network explains its arrival: the arrival
     * minus the phone's measured round trip, at most {@link #NETWORK_CREDIT_MAX} (none without a measure). It is the
     * app's word, so it only ever removes a slow network's own delay — a modified app could claim up to 2.5 s, which
     * costs a relay its OLD_TOKEN and nothing else.
     */
    public static Duration readAfterWindowEnd(Duration arrivedAfterWindowEnd, Duration networkRtt) {
        if (networkRtt == null || networkRtt.isNegative()) {
            return arrivedAfterWindowEnd;
        }
        return arrivedAfterWindowEnd.minus(networkRtt.compareTo(NETWORK_CREDIT_MAX) > 0 ? NETWORK_CREDIT_MAX : networkRtt);
    }

    /**
     * Compares the student's position with the teacher's. A position whose accuracy is worse than
     * {@code coarseMeters} says nothing about the room (a laptop placed by its address, or a forged radius
     * large enough to cover any distance) and counts as missing. Beyond {@code roomMeters} plus both accuracies
     * the student is OUTSIDE; beyond the radius plus twice both accuracies, FAR.
     */
    public static Proximity proximity(Position student, Position teacher, int roomMeters, int coarseMeters) {
        if (teacher == null) {
            return Proximity.NOT_COMPARED;
        }
        if (student == null || student.accuracyM() > coarseMeters) {
            return Proximity.MISSING;
        }
        double distance = distanceMeters(student.lat(), student.lon(), teacher.lat(), teacher.lon());
        double accuracies = student.accuracyM() + teacher.accuracyM();
        if (distance > roomMeters + 2 * accuracies) {
            return Proximity.FAR;
        }
        return distance > roomMeters + accuracies ? Proximity.OUTSIDE : Proximity.NEAR;
    }

    /** Great-circle distance in meters (haversine). */
    public static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
        double r = 6_371_000;
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
