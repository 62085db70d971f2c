package edu.attendance.reports.export;

import edu.attendance.analytics.AttendanceAnalytics;
import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the reports say to people: reasons in words, times as people read them in the college's zone. */
public final class ReportWords {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm zzz", Locale.ENGLISH);

    private ReportWords() {
    }

    /** "below 75 %", "4 absences in a row", "dropped 18 points in the last 14 days". */
    public static List<String> reasons(AttendanceAnalytics.AtRiskRow row, double threshold, int recentDays) {
        List<String> words = new ArrayList<>();
        for (String r : row.reasons()) {
            words.add(switch (r) {
                case "BELOW_THRESHOLD" -> "below " + Math.round(threshold * 100) + " %";
                case "CONSECUTIVE_ABSENCES" -> row.consecutiveAbsences() + " absences in a row";
                case "RECENT_DROP" -> row.rate() != null && row.recentRate() != null
                        ? "dropped " + Math.round((row.rate() - row.recentRate()) * 100) + " points in the last " + recentDays + " days"
                        : "dropping over the last " + recentDays + " days";
                case "OUT_OF_REACH" -> "cannot reach " + Math.round(threshold * 100) + " % this term";
                case "WILL_FALL_BELOW" -> "on course to fall below " + Math.round(threshold * 100) + " %";
                default -> r.toLowerCase(Locale.ROOT).replace('_', ' ');
            });
        }
        return words;
    }

    /** "Tue 1 Dec 2026, 09:05 IST" */
    public static String when(Instant at, ZoneId zone) {
        return WHEN.withZone(zone).format(at);
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    /** "Tue 1 Dec 2026" */
    public static String day(LocalDate date) {
        return DAY.format(date);
    }

    /** "Present", "Late", "Absent", "Excused", "Flagged (awaiting the teacher)". */
    public static String status(AttendanceStatus status) {
        return switch (status) {
            case PRESENT -> "Present";
            case LATE -> "Late";
            case ABSENT -> "Absent";
            case EXCUSED -> "Excused";
            case FLAGGED -> "Flagged (awaiting the teacher)";
            case PENDING -> "Not yet decided";
        };
    }

    public static String method(CaptureMethod method) {
        return switch (method) {
            case QR -> "QR code";
            case OTP -> "4-digit code";
            case MANUAL -> "by the teacher";
            case AUTO -> "at close";
            case MEETING -> "online meeting";
        };
    }

    /** "Data Structures (CSE-2A-DS)", or the id alone when there is no name. */
    public static String named(String name, String id) {
        return name == null || name.isBlank() || name.equals(id) ? id : name + " (" + id + ")";
    }
}
