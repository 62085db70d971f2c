package edu.attendance.ingest.online;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A meeting platform's participant report, read as the platform exports it (docs/rules.md, "Online classes"), into one
 * row per stay in the meeting — a name, an e-mail when the platform knows it, when the person joined and left.
 * <ul>
 *   <li><b>Zoom</b>: the participants report (Reports → Usage → Participants, CSV), with or without the meeting's summary
 *       lines above it: {@code Name (Original Name), User Email, Join Time, Leave Time, Duration (Minutes), Guest};
 *       a reconnect is a row of its own.</li>
 *   <li><b>Teams</b>: the attendance report downloaded from the meeting (tab-separated, often UTF-16): its
 *       {@code 3. In-Meeting Activities} section ({@code Name, Join Time, Leave Time, Duration, Email, Role}), one row
 *       per join; without it, {@code 2. Participants} ({@code First Join, Last Leave}).</li>
 *   <li><b>Meet</b>: the attendance report Google Meet leaves in the organiser's Drive, as CSV:
 *       {@code First name, Last name, Email, Duration, Time joined, Time exited} (times of the meeting's day).</li>
 * </ul>
 * Times carry no zone in any of them: they are read in the zone the report was made in (the college's by default).
 */
final class MeetingReports {

    /** A platform's report format. */
    enum Format { ZOOM, TEAMS, MEET }

    /** One stay in the meeting. */
    record Stay(String name, String email, Instant joined, Instant left) {
    }

    /** The stays a report holds, and the lines it could not read (with their line numbers). */
    record Parsed(Format format, List<Stay> stays, List<String> problems) {
    }

    /** A report that is not one of the three formats at all. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }

    private MeetingReports() {
    }

    /** The report's text: UTF-16 (little or big endian, by its byte-order mark, as Teams writes it) or UTF-8. */
    static String decode(byte[] body) {
        if (body.length >= 2 && (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE) {
            return new String(body, 2, body.length - 2, StandardCharsets.UTF_16LE);
        }
        if (body.length >= 2 && (body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF) {
            return new String(body, 2, body.length - 2, StandardCharsets.UTF_16BE);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Which platform wrote it, by the columns its participant rows have. */
    static Format detect(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("in-meeting activities") || lower.contains("first join")) {
            return Format.TEAMS;
        }
        if (lower.contains("time joined") && lower.contains("time exited")) {
            return Format.MEET;
        }
        if (lower.contains("join time") && lower.contains("leave time")) {
            return Format.ZOOM;
        }
        throw new Unreadable("not a Zoom, Teams or Meet participant report: no Join Time and Leave Time, First Join, "
                + "or Time joined and Time exited columns");
    }

    static Parsed parse(Format format, String text, LocalDate day, ZoneId zone) {
        return switch (format) {
            case ZOOM -> table(format, text, ',', List.of("join time"), day, zone,
                    List.of("name (original name)", "name"), List.of("user email", "email"), "join time", "leave time");
            case TEAMS -> teams(text, day, zone);
            case MEET -> table(format, text, ',', List.of("time joined"), day, zone,
                    List.of("first name"), List.of("email"), "time joined", "time exited");
        };
    }

    private static Parsed teams(String text, LocalDate day, ZoneId zone) {
        int activities = indexOfLine(text, "in-meeting activities");
        if (activities >= 0) {
            return table(Format.TEAMS, text.substring(activities), '\t', List.of("join time"), day, zone,
                    List.of("name", "full name"), List.of("email"), "join time", "leave time");
        }
        return table(Format.TEAMS, text, '\t', List.of("first join"), day, zone,
                List.of("name", "full name"), List.of("email"), "first join", "last leave");
    }

    /** Where the line holding {@code title} starts, or -1. */
    private static int indexOfLine(String text, String title) {
        int at = text.toLowerCase(Locale.ROOT).indexOf(title);
        return at < 0 ? -1 : text.lastIndexOf('\n', at) + 1;
    }

    /**
     * The participant rows under the first line that has the {@code marker} columns, until a blank line or a section
     * title; each row's name, e-mail, join and leave.
     */
    private static Parsed table(Format format, String text, char delimiter, List<String> marker, LocalDate day, ZoneId zone,
                                List<String> nameColumns, List<String> emailColumns, String joinColumn, String leaveColumn) {
        String[] lines = text.split("\r?\n", -1);
        int header = -1;
        for (int i = 0; i < lines.length && header < 0; i++) {
            String l = lines[i].toLowerCase(Locale.ROOT);
            if (marker.stream().allMatch(l::contains)) {
                header = i;
            }
        }
        if (header < 0) {
            throw new Unreadable("no " + String.join(", ", marker) + " column: is this a " + format + " participant report?");
        }
        CSVFormat csv = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true).get();
        Map<String, Integer> columns = new TreeMap<>();
        List<String> headerCells = cells(lines[header], csv);
        for (int i = 0; i < headerCells.size(); i++) {
            columns.putIfAbsent(headerCells.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        Integer name = first(columns, nameColumns);
        Integer email = first(columns, emailColumns);
        Integer join = columns.get(joinColumn);
        Integer leave = columns.get(leaveColumn);
        Integer lastName = format == Format.MEET ? columns.get("last name") : null;
        if (join == null || leave == null) {
            throw new Unreadable("the report has no " + joinColumn + " or " + leaveColumn + " column");
        }
        List<Stay> stays = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = header + 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.matches("^\\d+\\.\\s+\\S.*") && !line.contains(String.valueOf(delimiter))) {
                break; // the end of the section
            }
            List<String> row = cells(line, csv);
            try {
                Instant joined = time(cell(row, join), day, zone);
                Instant left = time(cell(row, leave), day, zone);
                if (left.isBefore(joined)) {
                    left = left.plus(java.time.Duration.ofDays(1)); // a time-only report past midnight
                }
                String who = (cell(row, name) + (lastName == null ? "" : " " + cell(row, lastName))).strip();
                String address = cell(row, email).strip().toLowerCase(Locale.ROOT);
                stays.add(new Stay(who, address.contains("@") ? address : null, joined, left));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                problems.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Parsed(format, List.copyOf(stays), List.copyOf(problems));
    }

    private static Integer first(Map<String, Integer> columns, List<String> names) {
        return names.stream().map(columns::get).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private static String cell(List<String> row, Integer column) {
        return column == null || column >= row.size() ? "" : row.get(column);
    }

    private static List<String> cells(String line, CSVFormat format) {
        try (CSVParser p = CSVParser.parse(new StringReader(line), format)) {
            List<CSVRecord> records = p.getRecords();
            return records.isEmpty() ? List.of() : records.getFirst().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("not a row of the report");
        }
    }

    /** The date-times the three platforms write (month first, as their English exports do), and bare times. */
    private static final List<DateTimeFormatter> DATE_TIMES = List.of(
            pattern("M/d/yyyy h:mm:ss a"), pattern("M/d/yyyy, h:mm:ss a"), pattern("M/d/yy, h:mm:ss a"), pattern("M/d/yy h:mm:ss a"),
            pattern("M/d/yyyy H:mm:ss"), pattern("M/d/yyyy h:mm a"), pattern("M/d/yyyy, h:mm a"), pattern("M/d/yy, h:mm a"),
            pattern("yyyy-MM-dd H:mm:ss"), pattern("yyyy-MM-dd'T'H:mm:ss"), pattern("yyyy-MM-dd H:mm"));
    private static final List<DateTimeFormatter> TIMES = List.of(pattern("h:mm:ss a"), pattern("h:mm a"), pattern("H:mm:ss"),
            pattern("H:mm"));

    private static DateTimeFormatter pattern(String p) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(p).toFormatter(Locale.US);
    }

    static Instant time(String raw, LocalDate day, ZoneId zone) {
        String t = raw.strip().replace('\u202F', ' ').replace('\u00A0', ' ');
        if (t.isEmpty()) {
            throw new IllegalArgumentException("a join or leave time is missing");
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // not with an offset
        }
        for (DateTimeFormatter f : DATE_TIMES) {
            try {
                return LocalDateTime.parse(t, f).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                // the next
            }
        }
        for (DateTimeFormatter f : TIMES) {
            try {
                return LocalTime.parse(t, f).atDate(day).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                // the next
            }
        }
        throw new IllegalArgumentException("\"" + (t.length() > 40 ? t.substring(0, 40) : t) + "\" is not a time the report's platform writes");
    }
}
