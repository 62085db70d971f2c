package edu.attendance.ingest.me;

import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.List;

/** The reads the web app starts from: {@code /me}, today's timetable, what a student may mark now, a teacher's subjects. */
@RestController
class ProfileController {

    private final Timetables timetables;

    public ProfileController(Timetables timetables) {
        this.timetables = timetables;
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
