package edu.attendance.ingest.calendar;

import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The calendar's rules: which timetable a day follows, calendar files (CSV and iCalendar), hand-overs, reasons. */
class CalendarRulesTest {

    static final LocalDate MONDAY = LocalDate.parse("2026-12-07");

    @Test
    void anOrdinaryDayFollowsItsOwnWeekdayAHolidayNoneATeachingDayTheOneItNames() {
        assertThat(CalendarRules.timetableDay(MONDAY, null)).contains("MON");
        assertThat(CalendarRules.timetableDay(MONDAY.plusDays(5), null)).contains("SAT");
        assertThat(CalendarRules.timetableDay(MONDAY, new CalendarRules.Day(MONDAY, CalendarRules.DayKind.HOLIDAY, null, "Founders' Day"))).isEmpty();
        assertThat(CalendarRules.timetableDay(MONDAY.plusDays(5),
                new CalendarRules.Day(MONDAY.plusDays(5), CalendarRules.DayKind.TEACHING, DayOfWeek.MONDAY, "Makes up for Monday"))).contains("MON");
    }

    @Test
    void aDayIsAHolidayWithoutAWeekdayOrATeachingDayWithOne() {
        assertThatThrownBy(() -> new CalendarRules.Day(MONDAY, CalendarRules.DayKind.HOLIDAY, DayOfWeek.MONDAY, "x")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> new CalendarRules.Day(MONDAY, CalendarRules.DayKind.TEACHING, null, "x")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> new CalendarRules.Day(MONDAY, CalendarRules.DayKind.HOLIDAY, null, " ")).isInstanceOf(ApiException.class);
    }

    @Test
    void aCsvOfDays() {
        List<CalendarRules.Day> days = CalendarRules.fromCsv("\uFEFFdate,kind,follows,name\n2026-12-25,HOLIDAY,,Christmas\n"
                + "2026-12-26,teaching,mon,\"Saturday, as Monday\"\n");
        assertThat(days).containsExactly(new CalendarRules.Day(LocalDate.parse("2026-12-25"), CalendarRules.DayKind.HOLIDAY, null, "Christmas"),
                new CalendarRules.Day(LocalDate.parse("2026-12-26"), CalendarRules.DayKind.TEACHING, DayOfWeek.MONDAY, "Saturday, as Monday"));
    }

    @Test
    void everyBadLineOfACsvIsNamedAndNothingIsKept() {
        ApiException e = refusal(() -> CalendarRules.fromCsv("date,kind,follows,name\n2026-13-01,HOLIDAY,,X\n2026-12-25,FEAST,,X\n"
                + "2026-12-26,TEACHING,,Y\n2026-12-27,HOLIDAY,,Ok\n2026-12-27,HOLIDAY,,Twice\n"));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        @SuppressWarnings("unchecked") List<String> errors = (List<String>) e.extra().get("errors");
        assertThat(errors).hasSize(4);
        assertThat(errors.get(0)).startsWith("line 2:");
        assertThat(errors.get(1)).startsWith("line 3:");
        assertThat(errors.get(2)).startsWith("line 4:");
        assertThat(errors.get(3)).contains("2026-12-27 appears twice");
        assertThat(refusal(() -> CalendarRules.fromCsv("day,what\n2026-12-25,x\n")).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(refusal(() -> CalendarRules.fromCsv("date,kind,follows,name\n")).getMessage()).contains("names no day");
    }

    static final String ICS = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//State Education Department//Holidays 2026//EN\r
            BEGIN:VEVENT\r
            UID:christmas-2026@state.example\r
            DTSTAMP:20260101T000000Z\r
            DTSTART;VALUE=DATE:20261225\r
            DTEND;VALUE=DATE:20261226\r
            SUMMARY:Christmas\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:winter-2026@state.example\r
            DTSTAMP:20260101T000000Z\r
            DTSTART;VALUE=DATE:20261230\r
            DTEND;VALUE=DATE:20270102\r
            SUMMARY:Winter break\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:republic-2027@state.example\r
            DTSTAMP:20260101T000000Z\r
            DTSTART;VALUE=DATE:20270126\r
            SUMMARY:Republic Day\r
            END:VEVENT\r
            END:VCALENDAR\r
            """;

    @Test
    void anICalendarsAllDayEventsAreHolidaysEachOfTheirDays() {
        List<CalendarRules.Day> days = CalendarRules.fromIcs(ICS);
        assertThat(days).extracting(CalendarRules.Day::date).containsExactly(LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-30"),
                LocalDate.parse("2026-12-31"), LocalDate.parse("2027-01-01"), LocalDate.parse("2027-01-26"));
        assertThat(days).allMatch(d -> d.kind() == CalendarRules.DayKind.HOLIDAY);
        assertThat(days.get(2).name()).isEqualTo("Winter break");
    }

    @Test
    void aTimedEventOrAFileThatIsNotAnICalendarIsRefused() {
        String timed = ICS.replace("DTSTART;VALUE=DATE:20261225", "DTSTART:20261225T090000Z").replace("DTEND;VALUE=DATE:20261226", "DTEND:20261225T100000Z");
        assertThat(refusal(() -> CalendarRules.fromIcs(timed)).extra().get("errors").toString()).contains("Christmas: not an all-day event");
        assertThat(refusal(() -> CalendarRules.fromIcs("date,kind\n")).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(refusal(() -> CalendarRules.fromIcs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")).getMessage()).contains("names no day");
    }

    @Test
    void aHandOverEndsTodayOrLaterAndLastsAtMostTheLimit() {
        CalendarRules.checkHandOver(MONDAY.minusDays(3), MONDAY, MONDAY, 10);
        CalendarRules.checkHandOver(MONDAY, MONDAY.plusDays(9), MONDAY, 10);
        assertThat(refusal(() -> CalendarRules.checkHandOver(MONDAY, MONDAY.plusDays(10), MONDAY, 10)).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(refusal(() -> CalendarRules.checkHandOver(MONDAY.minusDays(3), MONDAY.minusDays(1), MONDAY, 10)).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(refusal(() -> CalendarRules.checkHandOver(MONDAY, MONDAY.minusDays(1), MONDAY, 10)).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void aReasonIsNeededAndShort() {
        assertThat(CalendarRules.reason("  Staff meeting ")).isEqualTo("Staff meeting");
        assertThat(refusal(() -> CalendarRules.reason(" ")).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(refusal(() -> CalendarRules.reason("x".repeat(301))).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    static ApiException refusal(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }
}
