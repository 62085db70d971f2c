package edu.attendance.ingest.me;

import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** The reads the web app starts from: {@code /me}, today's timetable, what a student may mark now, a teacher's subjects. */
@RestController
class ProfileController {

    private final Timetables timetables;
    private final MyData myData;
    private final Clock clock;

    public ProfileController(Timetables timetables, MyData myData, Clock clock) {
        this.timetables = timetables;
        this.myData = myData;
        this.clock = clock;
    }

    /**
     * Anyone signed in: everything ingest holds about them, as JSON to keep ({@code Content-Disposition: attachment});
     * their attendance history is {@code /api/v1/me/attendance}.
     */
    @GetMapping("/api/v1/me/data")
    public Mono<ResponseEntity<MyData.Export>> data() {
        return CurrentUser.get().flatMap(user -> Blocking.call(() -> myData.of(user.email(), clock.instant())
                .map(export -> ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"my-data.json\"")
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").body(export))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no such account"))));
    }

    /** Anyone signed in: who the platform thinks they are now (role, class, the device it knows). */
    @GetMapping("/api/v1/me")
    public Mono<Timetables.Profile> me() {
        return CurrentUser.get().flatMap(user -> Blocking.call(() -> timetables.profile(user.email())
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no such account"))));
    }

    /** TEACHER: own periods; STUDENT: own class's; on {@code date} (default today in the college's zone). */
    @GetMapping("/api/v1/me/timetable")
    public Mono<List<Timetables.Period>> timetable(@RequestParam(required = false) LocalDate date) {
        return CurrentUser.withRole(Role.TEACHER, Role.STUDENT).flatMap(user -> Blocking.call(() -> timetables.timetable(user,
                date == null ? timetables.today() : date)));
    }

    /** STUDENT: the open sessions whose roster holds the student, with whether they are marked already. */
    @GetMapping("/api/v1/me/open-sessions")
    public Mono<List<Timetables.OpenForStudent>> openSessions() {
        return CurrentUser.withRole(Role.STUDENT).flatMap(user -> Blocking.call(() -> timetables.openFor(user)));
    }

    /** TEACHER: own subjects; ADMIN: all (ad hoc sessions, the register export). */
    @GetMapping("/api/v1/me/subjects")
    public Mono<List<Timetables.Subject>> subjects() {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> timetables.subjects(user)));
    }
}
