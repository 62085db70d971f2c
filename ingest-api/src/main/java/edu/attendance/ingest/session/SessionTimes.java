package edu.attendance.ingest.session;

import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * When a session may open and when it closes (rule 1), plain Java: a period's session only on its own weekday,
 * today, and before the period's end, closing at that end in the college's zone; an extra session starts now and
 * lasts its duration. Every refusal is {@code VALIDATION_FAILED} with the reason.
 */
final class SessionTimes {

    private SessionTimes() {
    }

    /** The day a request opens its session on: today unless another day was asked for (then refused by the rules below). */
    static LocalDate today(Instant now, ZoneId zone) {
        return LocalDate.ofInstant(now, zone);
    }

    /** When the session of {@code periodId} (on {@code dayOfWeek}, MON…SUN, ending {@code end}) closes if opened now. */
    /** {@code held}: the weekday whose timetable the date follows (its own, or another's on a swapped teaching day). */
    static Instant periodCloses(String periodId, LocalDate requested, String held, String dayOfWeek, LocalTime end, Instant now, ZoneId zone) {
        LocalDate today = today(now, zone);
        LocalDate date = requested == null ? today : requested;
        if (!date.equals(today)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a period's session can only be opened on its day (today is " + today + ")");
        }
        if (!held.equals(dayOfWeek)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "period " + periodId + " is on " + dayOfWeek + "; today follows " + held + "'s timetable");
        }
        Instant closesAt = date.atTime(end).atZone(zone).toInstant();
        if (!closesAt.isAfter(now)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "period " + periodId + " ended at " + end);
        }
        return closesAt;
    }

    /** When an extra session of {@code minutes} opened now closes; it has no other day than today. */
    static Instant extraCloses(LocalDate requested, int minutes, Instant now, ZoneId zone) {
        if (requested != null && !requested.equals(today(now, zone))) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "an ad hoc session starts now; omit date");
        }
        return now.plus(Duration.ofMinutes(minutes));
    }
}
