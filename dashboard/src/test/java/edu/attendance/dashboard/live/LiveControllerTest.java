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

    static final LiveView.Student ASHA = VIEW.students().getFirst();
    static final LiveView.Student BEN = new LiveView.Student("b@college.test", "Ben", AttendanceStatus.PENDING, null, null, false, List.of());
    static final LiveView TWO = new LiveView(ID.toString(), "priya@college.test", "CS-DS", "CSE-2A", "OPEN",
            new LiveView.Counts(1, 0, 0, 0, 0, 1), List.of(ASHA, BEN), List.of(), Instant.parse("2026-12-01T09:01:00Z"));

    static LiveView with(LiveView v, String status, LiveView.Counts counts, List<LiveView.Student> students, Instant at) {
        return new LiveView(v.sessionId(), v.teacherEmail(), v.subjectId(), v.classId(), status, counts, students, v.alerts(), at);
    }

    List<String> stream(String query, int events, LiveViews.Update... later) {
        when(views.get(ID.toString())).thenReturn(Optional.of(TWO));
        when(views.latest(ID.toString())).thenReturn(Optional.of(new LiveViews.Update(TWO, TWO.students(), 1)));
        when(views.changes(ID.toString())).thenReturn(Flux.just(later));
        return as("TEACHER", "priya@college.test").get().uri("/api/v1/sessions/" + ID + "/live/stream" + query)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody().take(events).collectList().block(Duration.ofSeconds(5));
    }

    @Test
    void theStreamStartsWithTheWholeViewThenSendsOnlyWhatChanged() {
        LiveView.Student benIn = new LiveView.Student("b@college.test", "Ben", AttendanceStatus.LATE, CaptureMethod.OTP,
                Instant.parse("2026-12-01T09:20:00Z"), false, List.of());
        LiveView benLate = with(TWO, "OPEN", new LiveView.Counts(1, 1, 0, 0, 0, 0), List.of(ASHA, benIn), Instant.parse("2026-12-01T09:20:01Z"));
        LiveView closed = with(benLate, "CLOSED", benLate.counts(), benLate.students(), Instant.parse("2026-12-01T10:00:00Z"));
        List<String> events = stream("", 3,
                new LiveViews.Update(TWO, List.of(), 1), // the view already sent: skipped
                new LiveViews.Update(benLate, List.of(benIn), 2),
                new LiveViews.Update(benLate, List.of(benIn), 2), // a repeat: skipped
                new LiveViews.Update(closed, List.of(), 3));
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).contains("\"status\":\"OPEN\"", "a@college.test", "b@college.test");
        assertThat(events.get(1)).contains("\"late\":1", "\"status\":\"LATE\"", "b@college.test").doesNotContain("a@college.test", "alerts");
        assertThat(events.get(2)).contains("\"status\":\"CLOSED\"", "\"students\":[]");
    }

    @Test
    void aScreenThatMissedAnUpdateIsSentEverythingThatDiffersFromWhatItHas() {
        LiveView.Student ashaFlagged = new LiveView.Student("a@college.test", "Asha", AttendanceStatus.FLAGGED, CaptureMethod.QR,
                Instant.parse("2026-12-01T09:01:00Z"), false, List.of("SHARED_DEVICE"));
        LiveView.Student benIn = new LiveView.Student("b@college.test", "Ben", AttendanceStatus.PRESENT, CaptureMethod.QR,
                Instant.parse("2026-12-01T09:05:00Z"), false, List.of());
        LiveView.Student benLate = new LiveView.Student("b@college.test", "Ben", AttendanceStatus.LATE, CaptureMethod.QR,
                Instant.parse("2026-12-01T09:05:00Z"), false, List.of());
        LiveView both = with(TWO, "OPEN", new LiveView.Counts(1, 0, 0, 0, 1, 0), List.of(ashaFlagged, benIn), Instant.parse("2026-12-01T09:05:01Z"));
        LiveView later = with(both, "OPEN", new LiveView.Counts(0, 1, 0, 0, 1, 0), List.of(ashaFlagged, benLate),
                Instant.parse("2026-12-01T09:06:00Z"));
        List<String> events = stream("", 3,
                new LiveViews.Update(TWO, TWO.students(), 1), // the view this screen is sent first
                // built on update 2, which this screen never had (it has 1): Asha changed in 2, Ben in 3
                new LiveViews.Update(both, List.of(benIn), 3, 2),
                // built on 3, which it has: only what 4 names
                new LiveViews.Update(later, List.of(benLate), 4, 3));
        assertThat(events.get(1)).contains("a@college.test", "FLAGGED", "b@college.test", "PRESENT");
        assertThat(events.get(2)).contains("b@college.test", "LATE").doesNotContain("a@college.test");
    }

    @Test
    void theProjectorsStreamCarriesOnlyCountsAndOnlyWhenTheyChange() {
        LiveView same = with(TWO, "OPEN", TWO.counts(), TWO.students(), Instant.parse("2026-12-01T09:02:00Z"));
        LiveView more = with(TWO, "OPEN", new LiveView.Counts(2, 0, 0, 0, 0, 0), TWO.students(), Instant.parse("2026-12-01T09:03:00Z"));
        List<String> events = stream("?fields=counts", 2, new LiveViews.Update(same, List.of(), 2), new LiveViews.Update(more, List.of(), 3));
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).contains("\"present\":1").doesNotContain("students");
        assertThat(events.get(1)).contains("\"present\":2").doesNotContain("students");
        as("TEACHER", "priya@college.test").get().uri("/api/v1/sessions/" + ID + "/live/stream?fields=students").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void anotherTeachersStreamIsRefusedBeforeAnythingIsSent() {
        when(views.get(ID.toString())).thenReturn(Optional.of(VIEW));
        as("TEACHER", "other@college.test").get().uri("/api/v1/sessions/" + ID + "/live/stream").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isForbidden();
        verify(views, never()).changes(ID.toString());
    }
}
