package edu.attendance.dashboard.history;

import edu.attendance.analytics.StudentSummaries;
import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.testsupport.ControllerSlice;
import edu.attendance.testsupport.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** A student's own history and rates: the caller's, by default the last 30 days of the college's calendar, at most 400. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR, "attendance.college-zone=Asia/Kolkata",
        "attendance.reports.at-risk-threshold=0.75"})
@ContextConfiguration(classes = MeControllerTest.Slice.class)
class MeControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({MeController.class, WebPlatformConfiguration.class})
    static class Slice {
        /** 1 December, 23:00 in Kolkata (17:30 UTC): "today" is the college's day. */
        @Bean
        @Primary
        Clock testClock() {
            return TestClock.at(Instant.parse("2026-12-01T17:30:00Z"));
        }
    }

    @MockitoBean
    StudentSummaries summaries;

    @Test
    void theHistoryIsTheCallersOwnOverTheLastThirtyDays() {
        when(summaries.history("a@college.test", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01"))).thenReturn(List.of(
                new StudentSummaries.Entry("s1", "CS-DS", LocalDate.parse("2026-12-01"), AttendanceStatus.LATE, CaptureMethod.OTP,
                        Instant.parse("2026-12-01T04:10:00Z"), List.of("TYPED_CODE"))));
        as("STUDENT", "a@college.test").get().uri("/api/v1/me/attendance").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].status").isEqualTo("LATE").jsonPath("$[0].method").isEqualTo("OTP")
                .jsonPath("$[0].flags[0]").isEqualTo("TYPED_CODE");
    }

    @Test
    void aBackwardsOrTooLongSpanIs400AndOnlyStudentsHaveOne() {
        as("STUDENT", "a@college.test").get().uri("/api/v1/me/attendance?from=2026-12-02&to=2026-12-01").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        as("STUDENT", "a@college.test").get().uri("/api/v1/me/attendance?from=2024-01-01&to=2026-12-01").exchange()
                .expectStatus().isBadRequest();
        for (String role : List.of("TEACHER", "ADMIN", "MANAGEMENT")) {
            as(role, "x@college.test").get().uri("/api/v1/me/attendance").exchange().expectStatus().isForbidden();
            as(role, "x@college.test").get().uri("/api/v1/me/summary").exchange().expectStatus().isForbidden();
        }
        verifyNoInteractions(summaries);
    }

    @Test
    void theSummarySaysHowManySessionsReachTheThreshold() {
        when(summaries.perSubject("a@college.test")).thenReturn(List.of(
                new StudentSummaries.SubjectSummary("CS-DS", 10, 5, 1, 4, 0, 0.6),
                new StudentSummaries.SubjectSummary("CS-OS", 4, 4, 0, 0, 0, 1.0)));
        when(summaries.subjectNames(any())).thenReturn(Map.of("CS-DS", "Data Structures", "CS-OS", "Operating Systems"));
        // 6 of 10: six more attended in a row make 12 of 16 = 75 %
        as("STUDENT", "a@college.test").get().uri("/api/v1/me/summary").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].subjectName").isEqualTo("Data Structures").jsonPath("$[0].attended").isEqualTo(6)
                .jsonPath("$[0].toReachThreshold").isEqualTo(6).jsonPath("$[1].toReachThreshold").isEqualTo(0);
        verify(summaries).perSubject("a@college.test");
    }

    @Test
    void aStudentReadsTheirOwnForecastAndNobodyElseHasOne() {
        when(summaries.forecast("a@college.test")).thenReturn(List.of(new StudentSummaries.SubjectForecast("CS-DS", 10, 7, 1, 0.7778,
                "NO_ABSENCES_LEFT", 4, 0, LocalDate.parse("2026-12-08"), 0.8462, LocalDate.parse("2026-12-31"))));
        as("STUDENT", "a@college.test").get().uri("/api/v1/me/forecast").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].outcome").isEqualTo("NO_ABSENCES_LEFT").jsonPath("$[0].lostOn").isEqualTo("2026-12-08");
        as("TEACHER", "t@college.test").get().uri("/api/v1/me/forecast").exchange().expectStatus().isForbidden();
    }
}
