package edu.attendance.ingest.calendar;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The term calendar over HTTP (docs/http-api.md, "The term calendar"): everyone reads the special days; the office
 * imports them (CSV or iCalendar) and removes one; a teacher cancels a period of one day or restores it; a teacher or
 * admin hands a subject's classes to another teacher for some days.
 */
@RestController
class CalendarController {

    public record CancelBody(@NotNull LocalDate date, @NotNull @Size(max = 300) String reason) {
    }

    public record HandOverBody(@NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String subjectId, @NotNull LocalDate from,
                               @NotNull LocalDate to, @NotNull @Email @Size(max = 254) String substituteEmail,
                               @Size(max = 300) String reason) {
    }

    private final TermCalendar calendar;

    CalendarController(TermCalendar calendar) {
        this.calendar = calendar;
    }

    /** The special days between two dates (at most a year and a bit), for anyone signed in. */
    @GetMapping("/api/v1/calendar")
    public Mono<List<CalendarRules.Day>> days(@RequestParam LocalDate from, @RequestParam LocalDate to) {
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > 400) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "from not after to, at most 400 days"));
        }
        return CurrentUser.get().flatMap(user -> Blocking.call(() -> calendar.days(from, to)));
    }

    /**
     * A calendar file as the body: {@code text/csv} ({@code date,kind,follows,name}) or {@code text/calendar} (every
     * all-day event a holiday). All of it or none.
     */
    @PostMapping(path = "/api/v1/admin/calendar", consumes = {"text/csv", "text/calendar"})
    public Mono<TermCalendar.Imported> importDays(@RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType type, @RequestBody String body) {
        return CurrentUser.withRole(Role.ADMIN).flatMap(admin -> Blocking.call(() -> calendar.importDays(admin.email(),
                "calendar".equals(type.getSubtype().toLowerCase(Locale.ROOT)) ? CalendarRules.fromIcs(body) : CalendarRules.fromCsv(body))));
    }

    @DeleteMapping("/api/v1/admin/calendar/{date}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> deleteDay(@PathVariable LocalDate date) {
        return CurrentUser.withRole(Role.ADMIN).flatMap(admin -> Blocking.run(() -> calendar.deleteDay(admin.email(), date)));
    }

    @PostMapping("/api/v1/periods/{periodId}/cancellations")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<TermCalendar.Cancellation> cancel(@PathVariable @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String periodId,
                                                  @Valid @RequestBody CancelBody body) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() ->
                calendar.cancel(user, periodId, body.date(), body.reason())));
    }

    @DeleteMapping("/api/v1/periods/{periodId}/cancellations/{date}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> restore(@PathVariable @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String periodId, @PathVariable LocalDate date) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.run(() -> calendar.restore(user, periodId, date)));
    }

    @PostMapping("/api/v1/substitutions")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<TermCalendar.Substitution> handOver(@Valid @RequestBody HandOverBody body) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> calendar.handOver(user, body.subjectId(),
                body.from(), body.to(), body.substituteEmail().strip().toLowerCase(Locale.ROOT), body.reason())));
    }

    @GetMapping("/api/v1/substitutions")
    public Mono<List<TermCalendar.Substitution>> substitutions() {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> calendar.substitutions(user)));
    }

    @DeleteMapping("/api/v1/substitutions/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> withdraw(@PathVariable UUID id) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.run(() -> calendar.withdraw(user, id)));
    }
}
