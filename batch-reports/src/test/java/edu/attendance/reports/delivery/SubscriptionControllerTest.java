package edu.attendance.reports.delivery;

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

import java.util.List;

import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The caller's scheduled reports: ADMIN and MANAGEMENT subscribe to a job, for every department or one. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = SubscriptionControllerTest.Slice.class)
class SubscriptionControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({SubscriptionController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    Subscriptions subscriptions;

    @Test
    void theCallerSubscribesReadsAndStops() {
        as("MANAGEMENT", "dean@college.test").put().uri("/api/v1/me/report-subscriptions/at-risk?departmentId=CSE").exchange()
                .expectStatus().isNoContent();
        verify(subscriptions).subscribe(argThat(u -> u != null && u.email().equals("dean@college.test")), eq("at-risk"), eq("CSE"));
        as("MANAGEMENT", "dean@college.test").delete().uri("/api/v1/me/report-subscriptions/trends").exchange().expectStatus().isNoContent();
        verify(subscriptions).unsubscribe(argThat(u -> u != null && u.email().equals("dean@college.test")), eq("trends"), isNull());
        when(subscriptions.mine(argThat(u -> u != null && u.email().equals("dean@college.test"))))
                .thenReturn(List.of(new Subscriptions.Subscription("dean@college.test", "at-risk", "CSE")));
        as("MANAGEMENT", "dean@college.test").get().uri("/api/v1/me/report-subscriptions").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].job").isEqualTo("at-risk").jsonPath("$[0].departmentId").isEqualTo("CSE");
    }

    @Test
    void anUnknownJobOrDepartmentIsTheServicesProblem() {
        doThrow(new ApiException(ErrorCode.VALIDATION_FAILED, "job must be at-risk or trends"))
                .when(subscriptions).subscribe(argThat(u -> true), eq("weekly"), isNull());
        as("ADMIN", "admin@college.test").put().uri("/api/v1/me/report-subscriptions/weekly").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        as("ADMIN", "admin@college.test").put().uri("/api/v1/me/report-subscriptions/" + "x".repeat(17)).exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void teachersAndStudentsHaveNone() {
        for (String role : List.of("TEACHER", "STUDENT")) {
            as(role, "x@college.test").get().uri("/api/v1/me/report-subscriptions").exchange().expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
            as(role, "x@college.test").put().uri("/api/v1/me/report-subscriptions/at-risk").exchange().expectStatus().isForbidden();
        }
        verifyNoInteractions(subscriptions);
    }
}
