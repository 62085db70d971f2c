package edu.attendance.dashboard.live;

import edu.attendance.contracts.LiveView;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.platform.web.EventStreams;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The teacher's live screen: {@code /sessions/{id}/live} and its SSE stream (own sessions; ADMIN all). */
@RestController
class LiveController {

    /** The API's shape (no internal routing fields). */
    public record LiveResponse(String sessionId, String status, LiveView.Counts counts, List<LiveView.Student> students,
                               List<LiveView.Alert> alerts, Instant updatedAt) {
        static LiveResponse of(LiveView v) {
            return new LiveResponse(v.sessionId(), v.status(), v.counts(), v.students(), v.alerts(), v.updatedAt());
        }
    }

    /** How long a stream waits for the view of a session that has just opened. */
    static final Duration FIRST_VIEW_WAIT = Duration.ofSeconds(10);

    private final LiveViews views;

    private final EventStreams streams;

    public LiveController(LiveViews views, EventStreams streams) {
        this.streams = streams;
        this.views = views;
    }

    @GetMapping("/api/v1/sessions/{id}/live")
    public Mono<LiveResponse> live(@PathVariable UUID id) {
        return CurrentUser.get().map(user -> LiveResponse.of(authorised(user, id)));
    }

    @GetMapping(path = "/api/v1/sessions/{id}/live/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<LiveResponse>> stream(@PathVariable UUID id) {
        return CurrentUser.get().flatMapMany(user -> {
            user.require(Role.TEACHER, Role.ADMIN);
            // a session that has just opened gets its view a moment later: wait for it (nothing is sent before
            // the owner is checked, so a refusal is still a plain 403/404)
            Mono<LiveView> first = Mono.justOrEmpty(views.get(id.toString()))
                    .switchIfEmpty(Flux.interval(Duration.ofMillis(200)).map(i -> views.get(id.toString()))
                            .filter(Optional::isPresent).map(Optional::get).next())
                    .timeout(FIRST_VIEW_WAIT, Mono.error(() -> new ApiException(ErrorCode.NOT_FOUND, "no live view for session " + id)));
            return first.map(v -> owned(user, v))
                    .flatMapMany(v -> streams.guard(user.email(), Flux.concat(Flux.just(v), views.changes(id.toString()))
                            .map(view -> ServerSentEvent.builder(LiveResponse.of(view)).event("live").build())));
        });
    }

    private LiveView authorised(CurrentUser user, UUID id) {
        user.require(Role.TEACHER, Role.ADMIN);
        return owned(user, views.get(id.toString())
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no live view for session " + id)));
    }

    private static LiveView owned(CurrentUser user, LiveView v) {
        if (user.is(Role.TEACHER) && !v.teacherEmail().equals(user.email())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "session " + v.sessionId() + " is not yours");
        }
        return v;
    }
}
