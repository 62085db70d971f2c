package edu.attendance.dashboard.live;

import edu.attendance.contracts.LiveView;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The teacher's live screen: {@code /sessions/{id}/live} and its SSE stream (own sessions; ADMIN all). */
@RestController
public class LiveController {

    /** The API.md shape (no internal routing fields). */
    public record LiveResponse(String sessionId, String status, LiveView.Counts counts, List<LiveView.Student> students,
                               List<LiveView.Alert> alerts, Instant updatedAt) {
        static LiveResponse of(LiveView v) {
            return new LiveResponse(v.sessionId(), v.status(), v.counts(), v.students(), v.alerts(), v.updatedAt());
        }
    }

    private final LiveViews views;

    public LiveController(LiveViews views) {
        this.views = views;
    }

    @GetMapping("/api/v1/sessions/{id}/live")
    public Mono<LiveResponse> live(@PathVariable UUID id) {
        return CurrentUser.get().map(user -> LiveResponse.of(authorised(user, id)));
    }

    @GetMapping(path = "/api/v1/sessions/{id}/live/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<LiveResponse>> stream(@PathVariable UUID id) {
        return CurrentUser.get().flatMapMany(user -> {
            LiveView first = authorised(user, id);
            return Flux.concat(Flux.just(first), views.changes(id.toString()))
                    .map(v -> ServerSentEvent.builder(LiveResponse.of(v)).event("live").build());
        });
    }

    private LiveView authorised(CurrentUser user, UUID id) {
        user.require(Role.TEACHER, Role.ADMIN);
        LiveView v = views.get(id.toString())
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no live view for session " + id));
        if (user.is(Role.TEACHER) && !v.teacherEmail().equals(user.email())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "session " + id + " is not yours");
        }
        return v;
    }
}
