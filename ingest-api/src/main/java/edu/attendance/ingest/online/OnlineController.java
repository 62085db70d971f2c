package edu.attendance.ingest.online;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.UUID;

/**
 * Online and hybrid classes over HTTP (docs/http-api.md, "Online classes"): the session's teacher imports the meeting's
 * participant reports, reviews what they make of each student and applies it, and runs check-ins; a student answers one.
 */
@RestController
class OnlineController {

    /** The largest report taken (a Zoom report of 1 000 participants with reconnects is about 200 KB). */
    static final int MAX_REPORT_BYTES = 4 * 1024 * 1024;

    public record CheckInBody(@Min(0) @Max(30) int withinMinutes) {
    }

    public record TeamsBody(@NotNull @Pattern(regexp = "https://[^\\s]{10,2000}") String joinUrl,
                            @jakarta.validation.constraints.Email @jakarta.validation.constraints.Size(max = 254) String organizer) {
    }

    public record AnswerBody(@NotNull @Pattern(regexp = "[0-9]{4}") String code) {
    }

    private final OnlineClasses online;

    OnlineController(OnlineClasses online) {
        this.online = online;
    }

    /**
     * The report as the body (CSV or the Teams tab-separated file as downloaded, UTF-8 or UTF-16); {@code format} ZOOM,
     * TEAMS or MEET when the columns do not say it; {@code zone} the zone its times were written in (the college's).
     */
    @PostMapping(path = "/api/v1/sessions/{id}/meeting-reports",
            consumes = {"text/csv", "text/plain", "text/tab-separated-values", "application/octet-stream", "application/vnd.ms-excel"})
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<OnlineClasses.MeetingImported> importReport(@PathVariable UUID id, @RequestParam(required = false) MeetingReports.Format format,
                                                     @RequestParam(required = false) @Pattern(regexp = "[A-Za-z_+/0-9-]{1,64}") String zone,
                                                     @RequestBody byte[] body) {
        if (body.length > MAX_REPORT_BYTES) {
            return Mono.error(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "a meeting report is at most 4 MB"));
        }
        ZoneId reportZone;
        try {
            reportZone = zone == null ? null : ZoneId.of(zone);
        } catch (DateTimeException e) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "zone: not a time zone (e.g. Asia/Kolkata)"));
        }
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() ->
                online.importReport(user, id, format, body, reportZone)));
    }

    /** Teams' attendance API (where the college configured it): the meeting by its join link. */
    @PostMapping("/api/v1/sessions/{id}/meeting-reports/teams")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<OnlineClasses.MeetingImported> importFromTeams(@PathVariable UUID id, @Valid @RequestBody TeamsBody body) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() ->
                online.importFromTeams(user, id, body.joinUrl(), body.organizer())));
    }

    @GetMapping("/api/v1/sessions/{id}/online")
    public Mono<OnlineClasses.Review> review(@PathVariable UUID id) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> online.review(user, id)));
    }

    @PostMapping("/api/v1/sessions/{id}/online/decisions")
    public Mono<OnlineClasses.Applied> apply(@PathVariable UUID id) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> online.apply(user, id)));
    }

    @PostMapping("/api/v1/sessions/{id}/check-ins")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<OnlineClasses.CheckIn> startCheckIn(@PathVariable UUID id, @Valid @RequestBody CheckInBody body) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() ->
                online.startCheckIn(user, id, body.withinMinutes())));
    }

    /** The check-in waiting or open; 204 when there is none. */
    @GetMapping("/api/v1/sessions/{id}/check-ins/current")
    public Mono<ResponseEntity<OnlineClasses.CheckIn>> currentCheckIn(@PathVariable UUID id) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> online.currentCheckIn(user, id)
                .map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build())));
    }

    @PostMapping("/api/v1/sessions/{id}/check-ins/answers")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> answer(@PathVariable UUID id, @Valid @RequestBody AnswerBody body) {
        return CurrentUser.withRole(Role.STUDENT).flatMap(user -> Blocking.run(() -> online.answer(user, id, body.code())));
    }
}
