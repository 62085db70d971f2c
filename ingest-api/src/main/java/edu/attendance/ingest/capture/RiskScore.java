package edu.attendance.ingest.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * Anti-proxy signals of one submission (SPEC rule 7), each recorded by name and summed into a score.
 * Plain data in, plain data out; {@link CaptureSignals} gathers the inputs.
 */
public final class RiskScore {

    public static final String SHARED_DEVICE = "SHARED_DEVICE";
    public static final String OLD_TOKEN = "OLD_TOKEN";
    public static final String OFF_CAMPUS = "OFF_CAMPUS";
    public static final String FAR_FROM_TEACHER = "FAR_FROM_TEACHER";
    public static final String WRONG_OTP = "WRONG_OTP";
    public static final String BURST = "BURST";

    /** What is known about a submission. {@code distanceMeters} is null when either side shared no location. */
    public record Inputs(boolean deviceUsedByAnotherStudent, double tokenAgeFraction, boolean offCampus,
                         Double distanceMeters, double allowedMeters, int wrongOtps, boolean burst) {
    }

    public record Assessment(int score, List<String> flags) {
        public boolean flagged(int threshold) {
            return score >= threshold;
        }
    }

    private RiskScore() {
    }

    public static Assessment assess(Inputs in) {
        int score = 0;
        List<String> flags = new ArrayList<>();
        if (in.deviceUsedByAnotherStudent()) {
            score += 60;
            flags.add(SHARED_DEVICE);
        }
        if (in.tokenAgeFraction() >= 0.75) {
            score += 15;
            flags.add(OLD_TOKEN);
        }
        if (in.offCampus()) {
            score += 30;
            flags.add(OFF_CAMPUS);
        }
        if (in.distanceMeters() != null && in.distanceMeters() > in.allowedMeters()) {
            score += 40;
            flags.add(FAR_FROM_TEACHER);
        }
        if (in.wrongOtps() > 0) {
            score += 20 * Math.min(2, in.wrongOtps());
            flags.add(WRONG_OTP);
        }
        if (in.burst()) {
            score += 25;
            flags.add(BURST);
        }
        return new Assessment(score, List.copyOf(flags));
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
