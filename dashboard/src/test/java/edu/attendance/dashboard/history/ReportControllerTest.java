package edu.attendance.dashboard.history;

import edu.attendance.analytics.AttendanceAnalytics;
import edu.attendance.analytics.ReportScopes;
import edu.attendance.analytics.StudentSummaries;
import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.time.LocalDate;
import java.util.List;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The staff's reads of the history: every route for TEACHER, ADMIN and MANAGEMENT; the analytics decide the scope. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = ReportControllerTest.Slice.class)
class ReportControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({ReportController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    AttendanceAnalytics analytics;
    @MockitoBean
    StudentSummaries summaries;
    @MockitoBean
    ReportScopes scopes;

    static final List<String> ROUTES = List.of("/api/v1/reports/class-summary?classId=CSE-2A", "/api/v1/reports/at-risk?departmentId=CSE",
            "/api/v1/reports/trends?scope=class&id=CSE-2A", "/api/v1/reports/student-summary?studentEmail=a@college.test",
            "/api/v1/reports/scopes", "/api/v1/reports/student-history?studentEmail=a@college.test",
            "/api/v1/reports/sessions?scope=class&id=CSE-2A", "/api/v1/reports/rates?scope=college", "/api/v1/reports/overview",
            "/api/v1/reports/student-forecast?studentEmail=a@college.test",
            "/api/v1/reports/evidence?sessionId=0b7c2f64-54a1-4c7e-9a55-3d5f0c2a9e10&studentEmail=a@college.test");

    @Test
    void studentsReadNoneOfItAndNobodyWithoutAToken() {
        for (String route : ROUTES) {
            as("STUDENT", "a@college.test").get().uri(route).exchange().expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
            web.get().uri(route).exchange().expectStatus().isUnauthorized();
        }
        verifyNoInteractions(analytics, summaries, scopes);
    }

    @Test
    void theStaffsParametersReachTheAnalytics() {
        when(analytics.atRisk(any(), eq("CSE"), eq(80.0))).thenReturn(List.of(new AttendanceAnalytics.AtRiskRow("a@college.test", "Asha",
                "CSE-2A", "CS-DS", 0.6, 3, List.of("BELOW_THRESHOLD"), 0.5)));
        as("MANAGEMENT", "dean@college.test").get().uri("/api/v1/reports/at-risk?departmentId=CSE&threshold=80").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[0].reasons[0]").isEqualTo("BELOW_THRESHOLD");
        as("TEACHER", "t@college.test").get().uri("/api/v1/reports/class-summary?classId=CSE-2A&from=2026-11-01&to=2026-11-30")
                .exchange().expectStatus().isOk();
        verify(analytics).classSummary(argThat(u -> u != null && u.email().equals("t@college.test")), eq("CSE-2A"), eq(LocalDate.parse("2026-11-01")),
                eq(LocalDate.parse("2026-11-30")));
        as("ADMIN", "admin@college.test").get().uri("/api/v1/reports/trends?scope=department&id=CSE&granularity=day").exchange()
                .expectStatus().isOk();
        verify(analytics).trends(any(), eq("department"), eq("CSE"), eq("day"), isNull(), isNull());
        when(analytics.rates(any(), eq("department"), eq("CSE"), eq(LocalDate.parse("2026-09-01")), isNull()))
                .thenReturn(List.of(new AttendanceAnalytics.PartRate("CSE-2A", 120, 90, 10, 0.8182)));
        as("MANAGEMENT", "dean@college.test").get().uri("/api/v1/reports/rates?scope=department&id=CSE&from=2026-09-01").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[0].id").isEqualTo("CSE-2A").jsonPath("$[0].rate").isEqualTo(0.8182);
    }

    @Test
    void badParametersAreProblemsNotErrors() {
        for (String route : List.of("/api/v1/reports/class-summary", "/api/v1/reports/class-summary?classId=",
                "/api/v1/reports/class-summary?classId=C&from=monday", "/api/v1/reports/at-risk?departmentId=CSE&threshold=lots",
                "/api/v1/reports/student-history?studentEmail=a@college.test&from=2026-12-02&to=2026-12-01",
                "/api/v1/reports/student-history?studentEmail=a@college.test&from=2024-01-01&to=2026-12-01",
                "/api/v1/reports/rates", "/api/v1/reports/rates?scope=college&to=soon")) {
            as("ADMIN", "admin@college.test").get().uri(route).exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        when(analytics.sessions(any(), eq("galaxy"), eq("X"), isNull(), isNull(), isNull()))
                .thenThrow(new ApiException(ErrorCode.VALIDATION_FAILED, "scope must be department, class or subject"));
        as("ADMIN", "admin@college.test").get().uri("/api/v1/reports/sessions?scope=galaxy&id=X").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("scope must be department, class or subject");
        when(summaries.forStudent(any(), eq("b@college.test"))).thenThrow(new ApiException(ErrorCode.FORBIDDEN, "not a student of your classes"));
        as("TEACHER", "t@college.test").get().uri("/api/v1/reports/student-summary?studentEmail=b@college.test").exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void theCollegeOverviewTheForecastAndTheEvidenceReachTheAnalytics() {
        when(analytics.overview(any(), eq(java.time.LocalDate.parse("2026-11-01")), eq(java.time.LocalDate.parse("2026-12-01"))))
                .thenReturn(new AttendanceAnalytics.Overview(List.of(), List.of(), List.of(), List.of(), java.time.LocalDate.parse("2026-11-18")));
        as("MANAGEMENT", "m@college.test").get().uri("/api/v1/reports/overview?from=2026-11-01&to=2026-12-01").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.recentFrom").isEqualTo("2026-11-18");
        as("ADMIN", "admin@college.test").get().uri("/api/v1/reports/overview?from=2026-12-02&to=2026-12-01").exchange()
                .expectStatus().isBadRequest();
        when(summaries.forecastFor(any(), eq("a@college.test"))).thenReturn(List.of(new StudentSummaries.SubjectForecast("DS", 10, 8, 0,
                0.8, "ON_TRACK", 10, 3, java.time.LocalDate.parse("2026-12-10"), 0.9, java.time.LocalDate.parse("2026-12-31"))));
        as("TEACHER", "t@college.test").get().uri("/api/v1/reports/student-forecast?studentEmail=a@college.test").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[0].affordableAbsences").isEqualTo(3);
        as("TEACHER", "t@college.test").get().uri("/api/v1/reports/evidence?sessionId=not-a-uuid&studentEmail=a@college.test").exchange()
                .expectStatus().isBadRequest();
        as("TEACHER", "t@college.test").get().uri("/api/v1/reports/evidence?sessionId=0b7c2f64-54a1-4c7e-9a55-3d5f0c2a9e10").exchange()
                .expectStatus().isBadRequest();
    }
}
