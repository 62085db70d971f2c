package edu.attendance.systemtests.calendar;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The term calendar against the real stack: the office's days off and swapped teaching days (CSV and iCalendar), a
 * teacher's cancelled period that nobody is marked in, and a subject's class handed to a colleague who runs it.
 */
class CalendarIT {

    final Fixtures f = Fixtures.get();
    final Api api = f.api;

    Api.Response calendarFile(String type, String body, String token) {
        return api.upload("/api/v1/admin/calendar", token, type, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theOfficesDaysOffAndSwappedDaysShapeTheTimetable() {
        Map<String, String> r = api.classWithPeriodToday(f.admin(), "cal1");
        String student = api.login(r.get("a"));
        LocalDate today = TestStack.today();
        LocalDate off = today.plusDays(28);        // the same weekday as today, four weeks on: its period would meet
        LocalDate swapped = today.plusDays(30);    // another weekday, following today's timetable
        String dow = TestStack.todayDow();
        assertThat(api.get("/api/v1/me/timetable?date=" + off, student).json()).hasSize(1);
        assertThat(api.get("/api/v1/me/timetable?date=" + swapped, student).json()).isEmpty();

        assertThat(calendarFile("text/csv", "date,kind,follows,name\n" + off + ",HOLIDAY,,Founders' Day\n", api.login(r.get("teacher"))).status())
                .isEqualTo(403);
        Api.Response bad = calendarFile("text/csv", "date,kind,follows,name\n" + off + ",HOLIDAY,,Founders' Day\nnot-a-date,HOLIDAY,,X\n", f.admin());
        assertThat(bad.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(bad.json().path("errors").get(0).asString()).startsWith("line 3:");
        assertThat(api.get("/api/v1/calendar?from=" + off + "&to=" + off, student).json()).as("nothing kept from a bad file").isEmpty();

        Api.Response imported = calendarFile("text/csv; charset=utf-8", "date,kind,follows,name\n" + off + ",HOLIDAY,,Founders' Day\n"
                + swapped + ",TEACHING," + dow + ",Makes up for " + off + "\n", f.admin());
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.json().path("created").asInt()).isEqualTo(2);
        JsonNode days = api.get("/api/v1/calendar?from=" + today + "&to=" + today.plusDays(40), student).json();
        assertThat(days.toString()).contains("Founders' Day").contains("\"follows\":\"" + full(dow) + "\"");
        assertThat(api.get("/api/v1/me/timetable?date=" + off, student).json()).as("a holiday holds nothing").isEmpty();
        assertThat(api.get("/api/v1/me/timetable?date=" + swapped, student).json()).as("the swapped day holds today's weekday's periods").hasSize(1);

        // a state's holidays as iCalendar: every all-day event's days
        LocalDate first = today.plusDays(50);
        String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//State//Holidays//EN\r\nBEGIN:VEVENT\r\nUID:h1@state.example\r\n"
                + "DTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:" + first.toString().replace("-", "") + "\r\nDTEND;VALUE=DATE:"
                + first.plusDays(3).toString().replace("-", "") + "\r\nSUMMARY:Pongal\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        assertThat(calendarFile("text/calendar", ics, f.admin()).json().path("days").asInt()).isEqualTo(3);
        assertThat(calendarFile("text/calendar", "BEGIN:VCALENDAR\r\nthis is not\r\n", f.admin()).code()).isEqualTo("VALIDATION_FAILED");

        assertThat(api.delete("/api/v1/admin/calendar/" + off, f.admin()).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/admin/calendar/" + off, f.admin()).code()).isEqualTo("NOT_FOUND");
        assertThat(api.get("/api/v1/me/timetable?date=" + off, student).json()).hasSize(1);
        for (LocalDate d = first; d.isBefore(first.plusDays(3)); d = d.plusDays(1)) {
            api.delete("/api/v1/admin/calendar/" + d, f.admin());
        }
        api.delete("/api/v1/admin/calendar/" + swapped, f.admin());
    }

    static String full(String dow) {
        for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
            if (d.getDisplayName(TextStyle.SHORT, Locale.ROOT).equalsIgnoreCase(dow)) {
                return d.name();
            }
        }
        throw new IllegalArgumentException(dow);
    }

    @Test
    void aCancelledPeriodIsHeldForNobodyUntilItsTeacherRestoresIt() {
        Map<String, String> r = api.classWithPeriodToday(f.admin(), "cal2");
        Map<String, String> other = api.classWithPeriodToday(f.admin(), "cal3");
        String teacher = api.login(r.get("teacher"));
        String student = api.login(r.get("a"));
        LocalDate today = TestStack.today();
        String cancellations = "/api/v1/periods/" + r.get("period") + "/cancellations";

        assertThat(api.post(cancellations, api.login(other.get("teacher")), Map.of("date", today.toString(), "reason", "x")).code()).isEqualTo("FORBIDDEN");
        assertThat(api.post(cancellations, student, Map.of("date", today.toString(), "reason", "x")).status()).isEqualTo(403);
        assertThat(api.post(cancellations, teacher, Map.of("date", today.toString(), "reason", " ")).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.post(cancellations, teacher, Map.of("date", today.plusDays(1).toString(), "reason", "x")).code())
                .as("the period does not meet tomorrow").isEqualTo("VALIDATION_FAILED");
        Api.Response cancelled = api.post(cancellations, teacher, Map.of("date", today.toString(), "reason", "Department seminar"));
        assertThat(cancelled.status()).isEqualTo(201);
        assertThat(api.post(cancellations, teacher, Map.of("date", today.toString(), "reason", "again")).code()).isEqualTo("CONFLICT");

        JsonNode period = api.get("/api/v1/me/timetable", student).json().get(0);
        assertThat(period.path("cancelled").asString()).isEqualTo("Department seminar");
        assertThat(api.post("/api/v1/sessions", teacher, Map.of("periodId", r.get("period"))).code()).isEqualTo("CONFLICT");
        assertThat(api.get("/api/v1/reports/student-history?studentEmail=" + r.get("a"), f.admin()).json()).as("nobody marked").isEmpty();

        // held after all: restored, opened, and then it can no longer be cancelled
        assertThat(api.delete(cancellations + "/" + today, teacher).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/me/timetable", student).json().get(0).path("cancelled").isNull()).isTrue();
        assertThat(api.post("/api/v1/sessions", teacher, Map.of("periodId", r.get("period"))).status()).isEqualTo(201);
        assertThat(api.post(cancellations, f.admin(), Map.of("date", today.toString(), "reason", "too late")).code()).isEqualTo("CONFLICT");
    }

    @Test
    void aSubjectHandedToAColleagueForTheDayIsTheirsToRun() {
        Map<String, String> r = api.classWithPeriodToday(f.admin(), "cal4");
        Map<String, String> stranger = api.classWithPeriodToday(f.admin(), "cal5");
        assertThat(api.csv("teachers", f.admin(), "email,name,designation,department_id\nsubcal4@college.test,Dr Iyer,Lecturer,Dcal4\n").status())
                .isEqualTo(200);
        String teacher = api.login(r.get("teacher"));
        String colleague = api.login("subcal4@college.test");
        String third = api.login(stranger.get("teacher"));
        LocalDate today = TestStack.today();

        assertThat(api.post("/api/v1/sessions", colleague, Map.of("periodId", r.get("period"))).code()).isEqualTo("FORBIDDEN");
        assertThat(api.post("/api/v1/substitutions", third, Map.of("subjectId", r.get("subject"), "from", today.toString(),
                "to", today.toString(), "substituteEmail", "subcal4@college.test")).code()).isEqualTo("FORBIDDEN");
        assertThat(api.post("/api/v1/substitutions", teacher, Map.of("subjectId", r.get("subject"), "from", today.toString(),
                "to", today.toString(), "substituteEmail", "nobody@college.test")).code()).isEqualTo("NOT_FOUND");
        Api.Response handed = api.post("/api/v1/substitutions", teacher, Map.of("subjectId", r.get("subject"), "from", today.toString(),
                "to", today.toString(), "substituteEmail", "SubCal4@college.test", "reason", "Conference"));
        assertThat(handed.status()).isEqualTo(201);
        assertThat(handed.json().path("substituteName").asString()).isEqualTo("Dr Iyer");
        assertThat(api.get("/api/v1/substitutions", colleague).json()).hasSize(1);

        JsonNode theirs = api.get("/api/v1/me/timetable", colleague).json();
        assertThat(theirs).hasSize(1);
        assertThat(theirs.get(0).path("substituteFor").asString()).isEqualTo("Dr Rao cal4");
        assertThat(api.get("/api/v1/me/timetable", teacher).json().get(0).path("handedTo").asString()).isEqualTo("Dr Iyer");

        Api.Response opened = api.post("/api/v1/sessions", colleague, Map.of("periodId", r.get("period")));
        assertThat(opened.status()).isEqualTo(201);
        String session = "/api/v1/sessions/" + opened.json().path("sessionId").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get(session + "/live", colleague).status() == 200);
        assertThat(api.post(session + "/marks", colleague, Map.of("studentEmail", r.get("b"), "status", "EXCUSED", "reason", "sports meet"))
                .status()).isEqualTo(202);
        assertThat(api.get(session, teacher).status()).as("the subject's own teacher keeps the session").isEqualTo(200);
        assertThat(api.get(session, third).code()).isEqualTo("FORBIDDEN");
        assertThat(api.post(session + "/close", colleague, null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/reports/student-history?studentEmail=" + r.get("b"), teacher).json().toString()).contains("EXCUSED"));

        // withdrawn: the colleague takes no more of the subject's classes
        String id = handed.json().path("substitutionId").asString();
        assertThat(api.delete("/api/v1/substitutions/" + id, third).code()).isEqualTo("NOT_FOUND");
        assertThat(api.delete("/api/v1/substitutions/" + id, teacher).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/me/timetable", colleague).json()).isEmpty();
        assertThat(api.get("/api/v1/admin/audit?target=subject:" + r.get("subject"), f.admin()).text()).contains("CLASSES_HANDED_OVER");
    }
}
