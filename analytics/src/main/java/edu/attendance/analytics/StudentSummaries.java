package edu.attendance.analytics;

import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.clickhouse.ClickHouse;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per-subject attendance of one student, from ClickHouse history (one row per session and student:
 * {@code FINAL} applies the latest version of every decision). Rates as {@link Counts#rate()}.
 */
@Component
public class StudentSummaries {

    public record SubjectSummary(String subjectId, long held, long present, long late, long absent, long excused,
                                 Double rate) {
        public long attended() {
            return present + late;
        }

        /** Sessions in a row still to attend to reach {@code threshold} (docs/rules.md, "Analytics"), null when out of reach. */
        public Integer sessionsToReach(double threshold) {
            return Counts.sessionsToReach(attended(), held - excused, threshold);
        }
    }

    /** One decision in a student's history. */
    /** One decision; {@code flags}: the anti-proxy signals its submission carried (kept through a teacher's review). */
    public record Entry(String sessionId, String subjectId, LocalDate date, AttendanceStatus status, CaptureMethod method,
                        Instant at, List<String> flags) {
    }

    /** A student's decisions between two dates (inclusive), newest first. */
    public List<Entry> history(String email, LocalDate from, LocalDate to) {
        return clickHouse.jdbc().query("""
                SELECT session_id, subject_id, session_date, status, method, at, arrayStringConcat(flags, ',')
                FROM %s.decisions FINAL
                WHERE student_email = ? AND session_date BETWEEN ? AND ?
                ORDER BY at DESC
                """.formatted(clickHouse.database()), (rs, i) -> new Entry(rs.getString(1), rs.getString(2),
                rs.getObject(3, LocalDate.class), AttendanceStatus.valueOf(rs.getString(4)), CaptureMethod.valueOf(rs.getString(5)),
                rs.getTimestamp(6).toInstant(), rs.getString(7).isEmpty() ? List.of() : List.of(rs.getString(7).split(","))), email, Date.valueOf(from), Date.valueOf(to));
    }

    /** Subject names (the course's name) by subject id. */
    public Map<String, String> subjectNames(List<String> subjectIds) {
        Map<String, String> names = new HashMap<>();
        if (!subjectIds.isEmpty()) {
            postgres.sql("SELECT s.subject_id, c.name FROM subjects s JOIN courses c USING (course_id) WHERE s.subject_id IN (:ids)")
                    .param("ids", subjectIds).query((rs, i) -> names.put(rs.getString(1), rs.getString(2))).list();
        }
        return names;
    }

    private final ClickHouse clickHouse;
    private final JdbcClient postgres;
    private final Schedules schedules;
    private final AttendanceProperties.Analytics policy;
    private final ZoneId zone;
    private final Clock clock;

    public StudentSummaries(ClickHouse clickHouse, JdbcClient postgres, Schedules schedules, AttendanceProperties props, Clock clock) {
        this.clickHouse = clickHouse;
        this.postgres = postgres;
        this.schedules = schedules;
        this.policy = props.reports();
        this.zone = props.collegeZone();
        this.clock = clock;
    }

    /**
     * One subject's eligibility forecast (docs/rules.md, "Eligibility forecast"): the term so far, the classes still to
     * come after today, how many of them can be missed, the class that loses the threshold if every one is missed.
     */
    public record SubjectForecast(String subjectId, long held, long attended, long excused, Double rate, String outcome,
                                  int remaining, int affordableAbsences, LocalDate lostOn, Double bestFinalRate, LocalDate termEnd) {
    }

    /** The student's forecast in every subject they have a decision in. */
    public List<SubjectForecast> forecast(String email) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate end = policy.termEnd(today);
        List<SubjectSummary> rows = perSubject(email);
        Map<String, List<LocalDate>> upcoming = schedules.upcoming(rows.stream().map(SubjectSummary::subjectId).toList(), today.plusDays(1), end);
        return rows.stream().map(r -> {
            List<LocalDate> toCome = upcoming.get(r.subjectId());
            if (toCome == null) {
                // extra sessions only: what is to come is not known, so nothing is forecast
                return new SubjectForecast(r.subjectId(), r.held(), r.attended(), r.excused(), r.rate(), "NO_TIMETABLE", 0, 0, null, null, end);
            }
            EligibilityForecast f = EligibilityForecast.of(r.attended(), r.held() - r.excused(), toCome, policy.atRiskThreshold());
            return new SubjectForecast(r.subjectId(), r.held(), r.attended(), r.excused(), r.rate(), f.outcome().name(), f.remaining(),
                    f.affordableAbsences(), f.lostOn(), f.bestFinalRate(), end);
        }).toList();
    }

    /** The same for the student's teachers (their subjects), admins and management. */
    public List<SubjectForecast> forecastFor(CurrentUser user, String studentEmail) {
        Readable r = readable(user, studentEmail);
        return forecast(r.email()).stream().filter(f -> r.covers(f.subjectId())).toList();
    }

    /**
     * A student's per-subject counts, for the student's teachers (the subjects they teach the student only), admins and
     * management (every subject).
     */
    public List<SubjectSummary> forStudent(CurrentUser user, String studentEmail) {
        Readable r = readable(user, studentEmail);
        return perSubject(r.email()).stream().filter(s -> r.covers(s.subjectId())).toList();
    }

    /** A student's decisions between two dates, for the same readers and subjects as {@link #forStudent}. */
    public List<Entry> historyFor(CurrentUser user, String studentEmail, LocalDate from, LocalDate to) {
        Readable r = readable(user, studentEmail);
        return history(r.email(), from, to).stream().filter(e -> r.covers(e.subjectId())).toList();
    }

    /** One scan or code that reached the server: accepted, or refused with its code ({@code outcome}). */
    public record Attempt(Instant at, String outcome, CaptureMethod method, boolean offline, String device, int riskScore,
                          List<String> flags) {
    }

    /**
     * What the platform recorded of one student in one session (an "I was there" claim's evidence): the decision as it
     * stands and every submission that reached the server, oldest first. For the same readers as {@link #forStudent}.
     */
    public record Evidence(String sessionId, String studentEmail, AttendanceStatus status, List<String> flags, List<Attempt> attempts) {
    }

    public Evidence evidence(CurrentUser user, String studentEmail, String sessionId) {
        Readable r = readable(user, studentEmail);
        record Now(String subjectId, AttendanceStatus status, List<String> flags) {
        }
        List<Now> decided = clickHouse.jdbc().query("""
                SELECT subject_id, status, arrayStringConcat(flags, ',') FROM %s.decisions FINAL
                WHERE session_id = ? AND student_email = ?
                """.formatted(clickHouse.database()), (rs, i) -> new Now(rs.getString(1), AttendanceStatus.valueOf(rs.getString(2)),
                rs.getString(3).isEmpty() ? List.of() : List.of(rs.getString(3).split(","))), sessionId, r.email());
        // whose session it is: the decision says, or (none yet: the session is open) the session's row
        String subjectId = decided.isEmpty()
                ? postgres.sql("SELECT subject_id FROM sessions WHERE CAST(session_id AS text) = ?").param(sessionId).query(String.class)
                        .optional().orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no session " + sessionId))
                : decided.getFirst().subjectId();
        if (!r.covers(subjectId)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "session " + sessionId + " is not of a subject you teach " + r.email());
        }
        List<Attempt> attempts = clickHouse.jdbc().query("""
                SELECT received_at, outcome, method, offline, device_id, risk_score, arrayStringConcat(flags, ',')
                FROM %s.submissions FINAL WHERE session_id = ? AND student_email = ? ORDER BY received_at LIMIT 50
                """.formatted(clickHouse.database()), (rs, i) -> new Attempt(rs.getTimestamp(1).toInstant(), rs.getString(2),
                CaptureMethod.valueOf(rs.getString(3)), rs.getBoolean(4), rs.getString(5), rs.getInt(6),
                rs.getString(7).isEmpty() ? List.of() : List.of(rs.getString(7).split(","))), sessionId, r.email());
        Now now = decided.isEmpty() ? null : decided.getFirst();
        return new Evidence(sessionId, r.email(), now == null ? null : now.status(), now == null ? List.of() : now.flags(), attempts);
    }

    /** A student the caller may read, and which of their subjects ({@code null}: every one). */
    private record Readable(String email, Set<String> subjects) {
        boolean covers(String subjectId) {
            return subjects == null || subjects.contains(subjectId);
        }
    }

    /**
     * The student's normalised e-mail, when the caller may read that student: a teacher only a student of a class they
     * teach, and then only in the subjects they teach that class — a student's record in another teacher's subject is
     * not theirs to read (404 for an unknown student, 403 for one the teacher does not teach).
     */
    private Readable readable(CurrentUser user, String studentEmail) {
        String email = studentEmail.strip().toLowerCase(Locale.ROOT);
        boolean exists = postgres.sql("SELECT count(*) FROM students WHERE email = ?").param(email)
                .query(Long.class).single() > 0;
        if (!exists) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no student " + email);
        }
        if (!user.is(Role.TEACHER)) {
            return new Readable(email, null);
        }
        List<String> taught = postgres.sql("""
                SELECT sub.subject_id FROM students st JOIN subjects sub ON sub.class_id = st.class_id
                WHERE st.email = ? AND sub.teacher_email = ?
                """).params(email, user.email()).query(String.class).list();
        if (taught.isEmpty()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "not a student of your classes");
        }
        return new Readable(email, Set.copyOf(taught));
    }

    /** Per-subject counts of one student's decisions (latest version of each). */
    public List<SubjectSummary> perSubject(String email) {
        return clickHouse.jdbc().query("""
                SELECT subject_id, count() AS held, countIf(status = 'PRESENT') AS present, countIf(status = 'LATE') AS late,
                       countIf(status = 'ABSENT') AS absent, countIf(status = 'EXCUSED') AS excused
                FROM %s.decisions FINAL
                WHERE student_email = ?
                GROUP BY subject_id ORDER BY subject_id
                """.formatted(clickHouse.database()), (rs, i) -> {
            long held = rs.getLong("held");
            long present = rs.getLong("present");
            long late = rs.getLong("late");
            long excused = rs.getLong("excused");
            Double rate = Counts.rate(present + late, held - excused);
            return new SubjectSummary(rs.getString("subject_id"), held, present, late, rs.getLong("absent"), excused, rate);
        }, email);
    }
}
