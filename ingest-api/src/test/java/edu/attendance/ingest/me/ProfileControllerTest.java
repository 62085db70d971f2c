package edu.attendance.ingest.me;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The web app's own reads: who am I, my day, what I can mark now, my subjects — for the caller the token names. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = ProfileControllerTest.Slice.class)
class ProfileControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({ProfileController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    Timetables timetables;

    @MockitoBean
    MyData myData;

    @Test
    void anyoneDownloadsWhatIsHeldAboutThemAndOnlyThemselves() {
        var export = new MyData.Export(new MyData.Account("a@college.test", "Asha", "STUDENT", true, false, null,
                Instant.parse("2026-09-01T08:00:00Z")), new MyData.RosterEntry("7", "CSE-2A"), null, List.of(),
                new MyData.SignIns(1, Instant.parse("2026-12-30T08:00:00Z")), List.of(), List.of(), List.of(), List.of(), List.of(), MyData.HISTORY, Instant.parse("2026-12-06T08:00:00Z"));
        when(myData.of(eq("a@college.test"), any())).thenReturn(Optional.of(export));
        as("STUDENT", "a@college.test").get().uri("/api/v1/me/data").exchange().expectStatus().isOk()
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"my-data.json\"")
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody().jsonPath("$.account.email").isEqualTo("a@college.test").jsonPath("$.roster.classId").isEqualTo("CSE-2A")
                .jsonPath("$.attendanceHistory").isEqualTo("/api/v1/me/attendance");
        when(myData.of(eq("gone@college.test"), any())).thenReturn(Optional.empty());
        as("STUDENT", "gone@college.test").get().uri("/api/v1/me/data").exchange().expectStatus().isNotFound();
        web.get().uri("/api/v1/me/data").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void anAccountTheDatabaseNoLongerHoldsIsNotFound() {
        when(timetables.profile("gone@college.test")).thenReturn(Optional.empty());
        as("STUDENT", "gone@college.test").get().uri("/api/v1/me").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
    }

    @Test
    void theTimetableIsTodaysUnlessADayIsAskedFor() {
        LocalDate today = LocalDate.parse("2026-12-01");
        when(timetables.today()).thenReturn(today);
        when(timetables.timetable(argThat(u -> u.email().equals("t@college.test")), eq(today))).thenReturn(List.of());
        as("TEACHER", "t@college.test").get().uri("/api/v1/me/timetable").exchange().expectStatus().isOk();
        as("TEACHER", "t@college.test").get().uri("/api/v1/me/timetable?date=2026-12-02").exchange().expectStatus().isOk();
        verify(timetables).timetable(argThat(u -> u.email().equals("t@college.test")), eq(LocalDate.parse("2026-12-02")));
    }

    @Test
    void aBadDayOrNoTokenIsAProblem() {
        as("TEACHER", "t@college.test").get().uri("/api/v1/me/timetable?date=tomorrow").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        web.get().uri("/api/v1/me/open-sessions").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        verifyNoInteractions(timetables);
    }
}
