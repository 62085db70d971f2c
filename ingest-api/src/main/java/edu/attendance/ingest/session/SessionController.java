package edu.attendance.ingest.session;

import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.contracts.SessionMode;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.platform.web.EventStreams;
import edu.attendance.platform.web.Pages;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** TEACHER (own subjects) and ADMIN: open, read, show the QR, close. */
@RestController
class SessionController {

    public record Location(@NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
                           @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon,
                           @PositiveOrZero @Max(100_000) Double accuracyM) {
    }

    public record OpenBody(
            @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String periodId,
            LocalDate date,
            @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String subjectId,
            @Min(1) @Max(600) Integer durationMinutes,
            @Pattern(regexp = "QR|OTP|QR_AND_OTP") String mode,
            @Min(0) @Max(180) Integer lateAfterMinutes,
            @Valid Location location,
            Delivery delivery) {
    }

    /** The API's session, plus what a screen needs to say which class it is ({@code subjectId}, {@code periodId}, {@code date}). */
    public record SessionResponse(UUID sessionId, String status, SessionMode mode, Instant startedAt, Instant lateAt,
                                  Instant closesAt, int rosterSize, String subjectId, String periodId, LocalDate date,
                                  Instant closedAt, Delivery delivery) {
        static SessionResponse of(Sessions.View v) {
            return new SessionResponse(v.sessionId(), v.status(), v.mode(), v.startedAt(), v.lateAt(), v.closesAt(),
                    v.rosterSize(), v.subjectId(), v.periodId(), v.date(), v.closedAt(), v.delivery());
        }
    }

    public record QrResponse(String token, Instant windowStart, Instant windowEnd, int rotationSeconds) {
    }

    public record MarkBody(@NotNull @Email @Size(max = 254) String studentEmail,
                           @NotNull @Pattern(regexp = "PRESENT|LATE|ABSENT|EXCUSED") String status,
                           @Size(max = 500) String reason) {
    }

    public record MarkResponse(UUID sessionId, String studentEmail, String status) {
    }

    public record OtpResponse(String otp, Instant validUntil) {
    }

    public record CloseResponse(UUID sessionId, String status, Instant closedAt) {
    }

    private final Sessions sessions;
    private final Clock clock;
    private final EventStreams streams;

    public SessionController(Sessions sessions, Clock clock, EventStreams streams) {
        this.sessions = sessions;
        this.clock = clock;
        this.streams = streams;
    }

    @PostMapping("/api/v1/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<SessionResponse> open(@Valid @RequestBody OpenBody body) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> SessionResponse.of(sessions.open(user,
                new Sessions.OpenRequest(body.periodId(), body.date(), body.subjectId(), body.durationMinutes(),
                        body.mode(), body.lateAfterMinutes(),
                        body.location() == null ? null : body.location().lat(),
                        body.location() == null ? null : body.location().lon(),
                        body.location() == null ? null : body.location().accuracyM(), body.delivery())))));
    }

    /** TEACHER of the subject, ADMIN: a subject's sessions, newest first, paged by {@code limit} and {@code before}. */
    @GetMapping("/api/v1/sessions")
    public Mono<ResponseEntity<List<Sessions.Summary>>> list(
            @RequestParam @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String subjectId,
            @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) @Size(max = 200) String before) {
        LocalDate end = to == null ? LocalDate.of(9999, 12, 31) : to;
        LocalDate start = from == null ? LocalDate.of(1970, 1, 1) : from;
        if (start.isAfter(end)) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "from must not be after to"));
        }
        int pageSize = Pages.limit(limit);
        Sessions.Cursor cursor = Pages.decode(before, Sessions.Cursor::parse);
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> Pages.of(
                sessions.list(user, subjectId, start, end, cursor, pageSize + 1), pageSize,
                s -> new Sessions.Cursor(s.startedAt(), s.sessionId()).position(),
                UriComponentsBuilder.fromPath("/api/v1/sessions")
                        .queryParam("subjectId", subjectId)
                        .queryParamIfPresent("from", Optional.ofNullable(from))
                        .queryParamIfPresent("to", Optional.ofNullable(to)))));
    }

    @GetMapping("/api/v1/sessions/{id}")
    public Mono<SessionResponse> get(@PathVariable UUID id) {
        return owned(id).map(s -> SessionResponse.of(sessions.view(s)));
    }

    @GetMapping("/api/v1/sessions/{id}/qr")
    public Mono<ResponseEntity<QrResponse>> qr(@PathVariable UUID id) {
        return owned(id).map(s -> noStore(currentQr(s)));
    }

    @GetMapping(path = "/api/v1/sessions/{id}/qr.svg", produces = "image/svg+xml")
    public Mono<ResponseEntity<byte[]>> qrSvg(@PathVariable UUID id) {
        return owned(id).map(s -> image(QrImages.svg(currentQr(s).token()), MediaType.parseMediaType("image/svg+xml")));
    }

    @GetMapping(path = "/api/v1/sessions/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    public Mono<ResponseEntity<byte[]>> qrPng(@PathVariable UUID id) {
        return owned(id).flatMap(s -> Blocking.call(() -> image(QrImages.png(currentQr(s).token(), 640), MediaType.IMAGE_PNG)));
    }

    /** How far into a window its new code may be sent at most (see {@link #turnOver}). */
    static final long TURN_OVER_SPREAD_MS = 250;

    /**
     * How long after a window begins the session's screens are sent its code: a fixed offset per session below
     * {@value #TURN_OVER_SPREAD_MS} ms. Every window begins at the same instant in every session, so without it a
     * college's projectors all turned over in the same millisecond — 600 codes signed, encoded and written at once,
     * which held the scans arriving then for tens of milliseconds. The code before stays valid through the new window,
     * so a student scanning it meanwhile is not refused.
     */
    static Duration turnOver(UUID session) {
        return Duration.ofMillis(Math.floorMod(session.getMostSignificantBits() ^ session.getLeastSignificantBits(), TURN_OVER_SPREAD_MS));
    }

    /** One event per rotation, each shortly after its window begins ({@link #turnOver}), until the session closes. */
    @GetMapping(path = "/api/v1/sessions/{id}/qr/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<QrResponse>> qrStream(@PathVariable UUID id) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMapMany(user -> Blocking.call(() -> sessions.owned(user, id))
                .flatMapMany(s -> {
                    QrResponse first = currentQr(s);
                    Duration untilNext = Duration.between(clock.instant(), first.windowEnd()).plus(turnOver(id));
                    return streams.guard(user.email(), Flux.concat(Flux.just(first),
                                    Flux.interval(untilNext.isNegative() ? Duration.ZERO : untilNext, Duration.ofSeconds(s.rotationSeconds))
                                            .takeWhile(i -> s.isOpenAt(clock.instant()))
                                            .map(i -> currentQr(s)))
                            .map(qr -> ServerSentEvent.builder(qr).event("qr").id(Long.toString(qr.windowStart().getEpochSecond())).build()));
                }));
    }

    /** The current 4-digit OTP: for the teacher's screen only. */
    @GetMapping("/api/v1/sessions/{id}/otp")
    public Mono<ResponseEntity<OtpResponse>> otp(@PathVariable UUID id) {
        return owned(id).map(s -> {
            Instant now = clock.instant();
            if (!s.isOpenAt(now)) {
                throw new ApiException(ErrorCode.SESSION_NOT_OPEN, "session " + id + " is closed");
            }
            if (!s.accepts(CaptureMethod.OTP)) {
                throw new ApiException(ErrorCode.CONFLICT, "session " + id + " runs in QR mode; there is no OTP");
            }
            OtpCodes.Current c = OtpCodes.current(s.secret(), now);
            return noStore(new OtpResponse(c.otp(), c.validUntil()));
        });
    }

    @PostMapping("/api/v1/sessions/{id}/close")
    public Mono<CloseResponse> close(@PathVariable UUID id) {
        return owned(id).flatMap(s -> Blocking.call(() -> new CloseResponse(id, "CLOSED", sessions.close(s, "TEACHER"))));
    }

    @PostMapping("/api/v1/sessions/{id}/marks")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<MarkResponse> mark(@PathVariable UUID id, @Valid @RequestBody MarkBody body) {
        String email = body.studentEmail().strip().toLowerCase(Locale.ROOT);
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> {
            OpenSession s = sessions.owned(user, id);
            sessions.mark(s, email, AttendanceStatus.valueOf(body.status()), body.reason(), user.email());
            return new MarkResponse(id, email, body.status());
        }));
    }

    private Mono<OpenSession> owned(UUID id) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> sessions.owned(user, id)));
    }

    private QrResponse currentQr(OpenSession s) {
        Instant now = clock.instant();
        if (!s.isOpenAt(now)) {
            throw new ApiException(ErrorCode.SESSION_NOT_OPEN, "session " + s.sessionId + " is closed");
        }
        if (!s.accepts(CaptureMethod.QR)) {
            throw new ApiException(ErrorCode.CONFLICT, "session " + s.sessionId + " runs in OTP mode; there is no QR");
        }
        QrTokens.Window w = QrTokens.windowAt(now, s.rotationSeconds);
        return new QrResponse(QrTokens.issue(s.sessionId, s.secret, w.index()), w.start(), w.end(), s.rotationSeconds);
    }

    private static <T> ResponseEntity<T> noStore(T body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    private static ResponseEntity<byte[]> image(byte[] bytes, MediaType type) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(type).body(bytes);
    }
}
