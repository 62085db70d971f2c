package edu.attendance.ingest.calendar;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.time.LocalDate;
import java.util.List;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The calendar routes' mapping, roles and validation: files by their type, bodies as sent, refusals before the service. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = CalendarControllerTest.Slice.class)
class CalendarControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({CalendarController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    TermCalendar calendar;

    static final LocalDate DAY = LocalDate.parse("2026-12-25");

    @Test
    void anyoneSignedInReadsTheDaysWithinAYear() {
        when(calendar.days(DAY, DAY)).thenReturn(List.of(new CalendarRules.Day(DAY, CalendarRules.DayKind.HOLIDAY, null, "Christmas")));
        as("STUDENT", "a@college.test").get().uri("/api/v1/calendar?from=2026-12-25&to=2026-12-25").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].name").isEqualTo("Christmas");
        as("STUDENT", "a@college.test").get().uri("/api/v1/calendar?from=2026-12-25&to=2028-12-25").exchange().expectStatus().isBadRequest();
        as("STUDENT", "a@college.test").get().uri("/api/v1/calendar?from=2026-12-25&to=2026-12-24").exchange().expectStatus().isBadRequest();
    }

    @Test
    void theOfficeImportsACsvOrAnICalendarAndTheFileDecidesWhichParserReadsIt() {
        when(calendar.importDays(eq("admin@college.test"), any())).thenReturn(new TermCalendar.Imported(1, 1, 0));
        as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/calendar").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("date,kind,follows,name\n2026-12-25,HOLIDAY,,Christmas\n").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.created").isEqualTo(1);
        as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/calendar").contentType(MediaType.parseMediaType("text/calendar"))
                .bodyValue(CalendarRulesTest.ICS).exchange().expectStatus().isOk();
        verify(calendar).importDays(eq("admin@college.test"), argThat(days -> days.size() == 5));
        as("ADMIN", "admin@college.test").post().uri("/api/v1/admin/calendar").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isBadRequest();
        as("TEACHER", "t@college.test").post().uri("/api/v1/admin/calendar").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("date,kind,follows,name\n2026-12-25,HOLIDAY,,Christmas\n").exchange().expectStatus().isForbidden();
    }

    @Test
    void aCancellationNeedsADateAndAReasonAndATeacherOrAdmin() {
        as("TEACHER", "t@college.test").post().uri("/api/v1/periods/P1/cancellations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\":\"seminar\"}").exchange().expectStatus().isBadRequest();
        as("STUDENT", "a@college.test").post().uri("/api/v1/periods/P1/cancellations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"date\":\"2026-12-25\",\"reason\":\"seminar\"}").exchange().expectStatus().isForbidden();
        as("TEACHER", "t@college.test").post().uri("/api/v1/periods/not%20an%20id/cancellations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"date\":\"2026-12-25\",\"reason\":\"seminar\"}").exchange().expectStatus().isBadRequest();
        verifyNoInteractions(calendar);
        when(calendar.cancel(new CurrentUser("t@college.test", Role.TEACHER), "P1", DAY, "seminar"))
                .thenReturn(new TermCalendar.Cancellation("P1", DAY, "seminar", "t@college.test", java.time.Instant.EPOCH));
        as("TEACHER", "t@college.test").post().uri("/api/v1/periods/P1/cancellations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"date\":\"2026-12-25\",\"reason\":\"seminar\"}").exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.reason").isEqualTo("seminar");
    }

    @Test
    void aHandOverNamesAColleagueByEmailNormalised() {
        as("TEACHER", "t@college.test").post().uri("/api/v1/substitutions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"subjectId\":\"S1\",\"from\":\"2026-12-07\",\"to\":\"2026-12-07\",\"substituteEmail\":\"not an email\"}")
                .exchange().expectStatus().isBadRequest();
        as("TEACHER", "t@college.test").post().uri("/api/v1/substitutions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"subjectId\":\"S1\",\"from\":\"2026-12-07\",\"to\":\"2026-12-07\",\"substituteEmail\":\"Iyer@College.test\"}")
                .exchange();
        verify(calendar).handOver(new CurrentUser("t@college.test", Role.TEACHER), "S1", LocalDate.parse("2026-12-07"),
                LocalDate.parse("2026-12-07"), "iyer@college.test", null);
        as("MANAGEMENT", "m@college.test").get().uri("/api/v1/substitutions").exchange().expectStatus().isForbidden();
    }
}
