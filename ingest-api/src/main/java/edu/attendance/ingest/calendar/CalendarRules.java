package edu.attendance.ingest.calendar;

import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The calendar's rules without a database (docs/rules.md, "The term calendar"): which weekday's timetable a date
 * follows, what a calendar file says, how long a hand-over may last. Plain Java, each rule once.
 */
public final class CalendarRules {

    private CalendarRules() {
    }

    public enum DayKind {
        /** No classes: nothing is held, nothing counts. */
        HOLIDAY,
        /** A teaching day that follows another weekday's timetable (a Saturday that makes up for a Monday off). */
        TEACHING
    }

    /** A day that is not as the weekly timetable says; {@code follows} only for a TEACHING day. */
    public record Day(LocalDate date, DayKind kind, DayOfWeek follows, String name) {
        public Day {
            if ((kind == DayKind.TEACHING) != (follows != null)) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, date + ": a teaching day names the weekday it follows; a holiday names none");
            }
            if (name == null || name.isBlank() || name.length() > 200) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, date + ": give the day a name of at most 200 characters");
            }
        }
    }

    /** The timetable's weekday code ({@code MON}…) a date follows; empty on a holiday. */
    public static Optional<String> timetableDay(LocalDate date, Day special) {
        if (special == null) {
            return Optional.of(code(date.getDayOfWeek()));
        }
        return special.kind() == DayKind.HOLIDAY ? Optional.empty() : Optional.of(code(special.follows()));
    }

    public static String code(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT);
    }

    static DayOfWeek weekday(String code) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (code(d).equalsIgnoreCase(code.strip())) {
                return d;
            }
        }
        throw new ApiException(ErrorCode.VALIDATION_FAILED, "not a weekday: " + code + " (MON … SUN)");
    }

    /** At most this many days in one calendar file or one event of it. */
    static final int MAX_DAYS = 400;

    /**
     * A CSV of special days: {@code date,kind,follows,name} (header required; {@code follows} empty for a holiday). Every
     * bad line is reported at once, with its number; nothing is kept from a file with one.
     */
    static List<Day> fromCsv(String csv) {
        List<Day> days = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true)
                    .get().parse(new StringReader(csv.startsWith("\uFEFF") ? csv.substring(1) : csv))) {
                try {
                    if (!r.isConsistent() || !r.isMapped("date") || !r.isMapped("kind") || !r.isMapped("name")) {
                        throw new ApiException(ErrorCode.VALIDATION_FAILED, "columns are date,kind,follows,name");
                    }
                    DayKind kind = DayKind.valueOf(r.get("kind").toUpperCase(Locale.ROOT));
                    String follows = r.isMapped("follows") ? r.get("follows") : "";
                    days.add(new Day(LocalDate.parse(r.get("date")), kind, follows.isEmpty() ? null : weekday(follows), r.get("name")));
                } catch (ApiException | IllegalArgumentException | DateTimeParseException e) {
                    errors.add("line " + (r.getRecordNumber() + 1) + ": " + e.getMessage());
                }
                if (days.size() + errors.size() > MAX_DAYS) {
                    throw new ApiException(ErrorCode.VALIDATION_FAILED, "at most " + MAX_DAYS + " days in one file");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "not a CSV file with the columns date,kind,follows,name: " + e.getMessage());
        }
        return checked(days, errors);
    }

    /**
     * An iCalendar file (RFC 5545, e.g. a state's list of public holidays): every all-day event is a HOLIDAY on each of
     * its days ({@code DTEND} exclusive, one day without it), named by its {@code SUMMARY}. Events with a time of day
     * are not days off and are refused, as is a file ical4j cannot read.
     */
    static List<Day> fromIcs(String ics) {
        net.fortuna.ical4j.model.Calendar calendar;
        try {
            calendar = new CalendarBuilder().build(new StringReader(ics));
        } catch (IOException | ParserException | RuntimeException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "not an iCalendar file: " + e.getMessage());
        }
        List<Day> days = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (VEvent event : calendar.<VEvent>getComponents(Component.VEVENT)) {
            String name = event.getProperty(Property.SUMMARY).map(Property::getValue).orElse("Holiday").strip();
            Temporal start = event.<Temporal>getStartDate().map(d -> (Temporal) d.getDate()).orElse(null);
            Temporal end = event.<Temporal>getEndDate(false).map(d -> (Temporal) d.getDate()).orElse(null);
            if (!(start instanceof LocalDate first) || (end != null && !(end instanceof LocalDate))) {
                errors.add(name + ": not an all-day event");
                continue;
            }
            LocalDate last = end == null ? first : ((LocalDate) end).minusDays(1);
            if (last.isBefore(first) || ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
                errors.add(name + ": its dates do not make a span of days");
                continue;
            }
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                days.add(new Day(d, DayKind.HOLIDAY, null, name.isEmpty() ? "Holiday" : name.substring(0, Math.min(200, name.length()))));
            }
            if (days.size() > MAX_DAYS) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "at most " + MAX_DAYS + " days in one file");
            }
        }
        return checked(days, errors);
    }

    private static List<Day> checked(List<Day> days, List<String> errors) {
        Map<LocalDate, Day> byDate = new LinkedHashMap<>();
        for (Day d : days) {
            if (byDate.put(d.date(), d) != null && !errors.contains(d.date() + " appears twice")) {
                errors.add(d.date() + " appears twice");
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "the file was not imported", Map.of("errors", errors.stream().limit(50).toList(),
                    "totalErrors", errors.size()));
        }
        if (days.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "the file names no day");
        }
        return days;
    }

    /** A hand-over of a subject's classes: not ending in the past, at most {@code maxDays} long. */
    static void checkHandOver(LocalDate from, LocalDate to, LocalDate today, int maxDays) {
        if (from == null || to == null || to.isBefore(from)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "give from and to, from not after to");
        }
        if (to.isBefore(today)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a hand-over ends today or later");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > maxDays) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a hand-over lasts at most " + maxDays + " days");
        }
    }

    /** A reason students read: required, at most 300 characters. */
    static String reason(String given) {
        String r = given == null ? "" : given.strip();
        if (r.isEmpty() || r.length() > 300) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "give the reason students will read (at most 300 characters)");
        }
        return r;
    }
}
