package edu.attendance.ingest.online;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The college's policy for online classes ({@code attendance.online.*}; docs/rules.md, "Online classes"): the share of a
 * session's minutes a student must be in its meeting to count (PRESENT, or LATE after the late time), how long an
 * in-meeting check-in's code can be typed, and how many wrong tries a student has for one.
 */
@ConfigurationProperties("attendance.online")
record OnlineSettings(@DefaultValue("0.75") double minShare,
                      @DefaultValue("PT1M") Duration checkInOpen,
                      @DefaultValue("3") int checkInTries) {

    OnlineSettings {
        if (minShare <= 0 || minShare > 1 || checkInOpen.isNegative() || checkInOpen.isZero() || checkInTries < 1) {
            throw new IllegalArgumentException("attendance.online: 0 < min-share ≤ 1, check-in-open > 0, check-in-tries ≥ 1");
        }
    }
}
