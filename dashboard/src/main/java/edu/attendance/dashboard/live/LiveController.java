package edu.attendance.dashboard.live;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    /**
     * The session's live view as it changes: a {@code live} event with the whole view first, then a {@code change} event
     * per new view with what differs from the last one sent (the students whose entry changed, the counts and status,
     * the alerts only when they changed). {@code fields=counts} (the projector) sends only {@code counts} events, each
     * time the counts or the status change.
     */
    @GetMapping(path = "/api/v1/sessions/{id}/live/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<Object>> stream(@PathVariable UUID id, @RequestParam(required = false) String fields) {
        if (fields != null && !fields.equals("counts")) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "fields may only be counts");
        }
        boolean countsOnly = fields != null;
        return CurrentUser.get().flatMapMany(user -> {
            user.require(Role.TEACHER, Role.ADMIN);
            String sessionId = id.toString();
            // a session that has just opened gets its view a moment later: wait for it (nothing is sent before
            // the owner is checked, so a refusal is still a plain 403/404)
            Mono<LiveView> first = Mono.justOrEmpty(views.get(sessionId))
                    .switchIfEmpty(Flux.interval(Duration.ofMillis(200)).map(i -> views.get(sessionId))
                            .filter(Optional::isPresent).map(Optional::get).next())
                    .timeout(FIRST_VIEW_WAIT, Mono.error(() -> new ApiException(ErrorCode.NOT_FOUND, "no live view for session " + id)));
            return first.map(v -> owned(user, v)).flatMapMany(v -> streams.guard(user.email(), Flux.defer(() -> {
                // the changes are subscribed to before the current view is read again, so none falls between the two;
                // each view is whole, so one missed by a slow subscriber is made up by the next
                Flux<LiveViews.Update> newest = Flux.merge(views.changes(sessionId), Mono.defer(() -> Mono.justOrEmpty(views.latest(sessionId))));
                return countsOnly ? counts(newest) : changes(newest);
            })));
        });
    }

    private static Flux<ServerSentEvent<Object>> changes(Flux<LiveViews.Update> newest) {
        LiveViews.Update[] sent = new LiveViews.Update[1];
        return newest.concatMapIterable(u -> {
            LiveView last = sent[0] == null ? null : sent[0].view();
            if (sent[0] != null && u.seq() <= sent[0].seq()) {
                return List.of();
            }
            long previous = sent[0] == null ? -1 : sent[0].seq();
            sent[0] = u;
            LiveView v = u.view();
            if (last == null || last.students().size() != v.students().size()) {
                return List.of(ServerSentEvent.<Object>builder(LiveResponse.of(v)).event("live").build());
            }
            // straight after the update it was built on, the students that changed are the ones it names
            LiveChange change = u.after() == previous ? LiveChange.named(last, v, u.named()) : LiveChange.between(last, v);
            return change == null ? List.of() : List.of(ServerSentEvent.<Object>builder(change).event("change").build());
        });
    }

    private static Flux<ServerSentEvent<Object>> counts(Flux<LiveViews.Update> newest) {
        LiveViews.Update[] sent = new LiveViews.Update[1];
        return newest.concatMapIterable(u -> {
            LiveView last = sent[0] == null ? null : sent[0].view();
            LiveView v = u.view();
            if (sent[0] != null && u.seq() <= sent[0].seq()) {
                return List.of();
            }
            sent[0] = u;
            if (last != null && v.counts().equals(last.counts()) && v.status().equals(last.status())) {
                return List.of();
            }
            return List.of(ServerSentEvent.<Object>builder(new CountsResponse(v.sessionId(), v.status(), v.counts(), v.updatedAt())).event("counts").build());
        });
    }

    /** A {@code change} event: what differs between two views of one session ({@code alerts} only when they changed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LiveChange(String sessionId, String status, LiveView.Counts counts, List<LiveView.Student> students,
                             List<LiveView.Alert> alerts, Instant updatedAt) {
        /** Null when nothing a screen shows changed. */
        static LiveChange between(LiveView last, LiveView v) {
            List<LiveView.Student> changed = new ArrayList<>();
            for (int i = 0; i < v.students().size(); i++) {
                LiveView.Student now = v.students().get(i);
                LiveView.Student before = last.students().get(i);
                if (now != before && !now.equals(before)) {
                    changed.add(now);
                }
            }
            return named(last, v, changed);
        }

        /** The same when the students that changed are known (those the record that made {@code v} named). */
        static LiveChange named(LiveView last, LiveView v, List<LiveView.Student> changed) {
            boolean alerts = !v.alerts().equals(last.alerts());
            if (changed.isEmpty() && !alerts && v.counts().equals(last.counts()) && v.status().equals(last.status())) {
                return null;
            }
            return new LiveChange(v.sessionId(), v.status(), v.counts(), changed, alerts ? v.alerts() : null, v.updatedAt());
        }
    }

    /** A {@code counts} event (the projector's). */
    public record CountsResponse(String sessionId, String status, LiveView.Counts counts, Instant updatedAt) {
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
