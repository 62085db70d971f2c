package edu.attendance.dashboard.live;

import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.contracts.LiveView;
import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The teacher's live view: the session's own teacher or an admin; another teacher 403, an unknown session 404. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = LiveControllerTest.Slice.class)
class LiveControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({LiveController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    LiveViews views;

    static final UUID ID = UUID.fromString("5b1d0c7e-0d7e-4c55-9d0f-6f0e2b4a1c11");
    static final LiveView VIEW = new LiveView(ID.toString(), "priya@college.test", "CS-DS", "CSE-2A", "OPEN",
            new LiveView.Counts(1, 0, 0, 0, 0, 1),
            List.of(new LiveView.Student("a@college.test", "Asha", AttendanceStatus.PRESENT, CaptureMethod.QR,
                    Instant.parse("2026-12-01T09:01:00Z"), false, List.of())), List.of(), Instant.parse("2026-12-01T09:01:00Z"));

    @Test
    void theOwnTeacherAndAnAdminSeeTheViewWithoutRoutingFields() {
        when(views.get(ID.toString())).thenReturn(Optional.of(VIEW));
        for (String[] caller : new String[][]{{"TEACHER", "priya@college.test"}, {"ADMIN", "admin@college.test"}}) {
            as(caller[0], caller[1]).get().uri("/api/v1/sessions/" + ID + "/live").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.counts.present").isEqualTo(1).jsonPath("$.students[0].method").isEqualTo("QR")
                    .jsonPath("$.teacherEmail").doesNotExist().jsonPath("$.classId").doesNotExist();
        }
    }

    @Test
    void anotherTeacherStudentsAndUnknownSessionsAreRefused() {
        when(views.get(ID.toString())).thenReturn(Optional.of(VIEW));
        as("TEACHER", "other@college.test").get().uri("/api/v1/sessions/" + ID + "/live").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        for (String role : List.of("STUDENT", "MANAGEMENT")) {
            as(role, "x@college.test").get().uri("/api/v1/sessions/" + ID + "/live").exchange().expectStatus().isForbidden();
        }
        UUID unknown = UUID.randomUUID();
        when(views.get(unknown.toString())).thenReturn(Optional.empty());
        as("ADMIN", "admin@college.test").get().uri("/api/v1/sessions/" + unknown + "/live").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        as("ADMIN", "admin@college.test").get().uri("/api/v1/sessions/not-a-uuid/live").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void theStreamStartsWithTheCurrentViewThenItsChanges() {
        when(views.get(ID.toString())).thenReturn(Optional.of(VIEW));
        LiveView later = new LiveView(VIEW.sessionId(), VIEW.teacherEmail(), VIEW.subjectId(), VIEW.classId(), "CLOSED", VIEW.counts(),
                VIEW.students(), VIEW.alerts(), Instant.parse("2026-12-01T10:00:00Z"));
        when(views.changes(ID.toString())).thenReturn(Flux.just(later));
        List<String> events = as("TEACHER", "priya@college.test").get().uri("/api/v1/sessions/" + ID + "/live/stream")
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody().take(2).collectList().block(Duration.ofSeconds(5));
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).contains("\"status\":\"OPEN\"");
        assertThat(events.get(1)).contains("\"status\":\"CLOSED\"");
    }

    @Test
    void anotherTeachersStreamIsRefusedBeforeAnythingIsSent() {
        when(views.get(ID.toString())).thenReturn(Optional.of(VIEW));
        as("TEACHER", "other@college.test").get().uri("/api/v1/sessions/" + ID + "/live/stream").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isForbidden();
        verify(views, never()).changes(ID.toString());
    }
}
