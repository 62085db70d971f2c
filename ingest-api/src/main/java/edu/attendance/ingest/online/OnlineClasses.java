package edu.attendance.ingest.online;

import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.ingest.audit.AuditLog;
import edu.attendance.ingest.session.OpenSession;
import edu.attendance.ingest.session.Sessions;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Online and hybrid classes (docs/rules.md, "Online classes"): the meeting's participant reports imported into a
 * session (matched to its roster by e-mail, every stay kept and merged), the in-meeting check-ins (a code shown at a
 * random moment, typed within a minute), the teacher's review of what the minutes make of each student, and its
 * marks applied through the session's own path — each a mark of method {@code MEETING} that replaces only an absence,
 * so a student who scanned in the room keeps that decision.
 */
@Component
class OnlineClasses {

    /** What one import did. */
    record MeetingImported(MeetingReports.Format format, int stays, int participants, int matched, List<String> unknown,
                    List<String> problems) {
    }

    record ImportRow(MeetingReports.Format format, int participants, int matched, List<String> unknown, String importedBy,
                     Instant importedAt) {
    }

    record CheckInRow(UUID checkInId, Instant opensAt, Instant closesAt, int answered) {
    }

    /** One roster student as the meeting and the check-ins saw them, and the mark they make. */
    record StudentRow(String email, String name, long minutes, double share, Instant firstJoin, int stays, int checkIns,
                      AttendanceStatus proposed, boolean markedHere) {
    }

    /** {@code teamsApi}: whether Teams' attendance API is configured here (the report can be read by a meeting's link). */
    record Review(String delivery, Instant start, Instant end, Instant lateAt, long scheduledMinutes, double minShare,
                  List<ImportRow> imports, List<CheckInRow> checkIns, List<StudentRow> students, boolean teamsApi) {
    }

    /** What applying the review marked: present, late, and the students left for the close (absent). */
    record Applied(int present, int late, int left) {
    }

    /** A check-in: its code only once it is open (the teacher's screen is shared into the meeting). */
    record CheckIn(UUID checkInId, Instant opensAt, Instant closesAt, String code) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("H:mm");

    private final Sessions sessions;
    private final TeamsGraph teams;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final OnlineSettings settings;
    private final Clock clock;
    private final ZoneId zone;

    OnlineClasses(Sessions sessions, TeamsGraph teams, JdbcClient jdbc, TransactionTemplate tx, AuditLog audit, OnlineSettings settings,
                  Clock clock, AttendanceProperties props) {
        this.sessions = sessions;
        this.teams = teams;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
        this.zone = props.collegeZone();
    }

    private OpenSession online(CurrentUser user, UUID id) {
        OpenSession s = sessions.owned(user, id);
        if (!s.delivery().online()) {
            throw new ApiException(ErrorCode.CONFLICT, "session " + id + " is held in the room: it has no meeting");
        }
        return s;
    }

    /**
     * Reads a report (its platform found from its columns unless given, its times in {@code reportZone}, the college's by
     * default), keeps every stay of a roster student — merged with the stays of the reports before — and lists the
     * participants it could not match. All of it or nothing; a report without one readable stay is refused.
     */
    MeetingImported importReport(CurrentUser user, UUID id, MeetingReports.Format format, byte[] body, ZoneId reportZone) {
        OpenSession s = online(user, id);
        String text = MeetingReports.decode(body);
        MeetingReports.Parsed parsed;
        try {
            parsed = MeetingReports.parse(format != null ? format : MeetingReports.detect(text), text, s.date(),
                    reportZone != null ? reportZone : zone);
        } catch (MeetingReports.Unreadable e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, e.getMessage());
        }
        return keep(user, s, parsed);
    }

    /**
     * The same from Teams' attendance API, where the college configured it: the meeting found by its join link among
     * the organiser's meetings (the caller's, unless named), every report of it.
     */
    MeetingImported importFromTeams(CurrentUser user, UUID id, String joinUrl, String organizer) {
        OpenSession s = online(user, id);
        List<MeetingReports.Stay> stays = teams.stays(organizer == null || organizer.isBlank() ? user.email() : organizer.strip(), joinUrl);
        return keep(user, s, new MeetingReports.Parsed(MeetingReports.Format.TEAMS, stays, List.of()));
    }

    private MeetingImported keep(CurrentUser user, OpenSession s, MeetingReports.Parsed parsed) {
        UUID id = s.sessionId();
        if (parsed.stays().isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "no participant could be read from the report",
                    Map.of("errors", parsed.problems()));
        }
        Map<String, List<OnlineRules.Interval>> byStudent = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        Set<String> participants = new LinkedHashSet<>();
        for (MeetingReports.Stay stay : parsed.stays()) {
            participants.add(stay.email() != null ? stay.email() : "name:" + stay.name());
            if (stay.email() != null && s.roster().contains(stay.email())) {
                byStudent.computeIfAbsent(stay.email(), k -> new ArrayList<>()).add(new OnlineRules.Interval(stay.joined(), stay.left()));
            } else {
                unknown.add(stay.name().isBlank() ? String.valueOf(stay.email()) : stay.name());
            }
        }
        List<String> unknownList = unknown.stream().limit(200).toList();
        tx.executeWithoutResult(t -> {
            byStudent.forEach((email, stays) -> {
                List<OnlineRules.Interval> all = new ArrayList<>(stored(id, email));
                all.addAll(stays);
                // every stay kept as reported (merged where they overlap): the session's window applies when counting
                List<OnlineRules.Interval> merged = OnlineRules.merge(all, Instant.EPOCH, Instant.parse("9999-12-31T00:00:00Z"));
                jdbc.sql("""
                        INSERT INTO meeting_attendance (session_id, student_email, intervals) VALUES (?, ?, ?)
                        ON CONFLICT (session_id, student_email) DO UPDATE SET intervals = excluded.intervals
                        """).params(id, email, merged.stream().map(i -> i.from() + "/" + i.to()).toArray(String[]::new)).update();
            });
            jdbc.sql("""
                    INSERT INTO meeting_imports (import_id, session_id, format, participants, matched, unknown, imported_by, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).params(UUID.randomUUID(), id, parsed.format().name(), participants.size(), byStudent.size(),
                    unknownList.toArray(String[]::new), user.email(), Timestamp.from(clock.instant())).update();
            audit.write(user.email(), "MEETING_REPORT_IMPORTED", "session:" + id, Map.of("format", parsed.format().name(),
                    "participants", participants.size(), "matched", byStudent.size()));
        });
        return new MeetingImported(parsed.format(), parsed.stays().size(), participants.size(), byStudent.size(), unknownList, parsed.problems());
    }

    private List<OnlineRules.Interval> stored(UUID id, String email) {
        return jdbc.sql("SELECT intervals FROM meeting_attendance WHERE session_id = ? AND student_email = ?").params(id, email)
                .query((rs, n) -> Arrays.stream((String[]) rs.getArray(1).getArray()).map(OnlineClasses::interval).toList())
                .optional().orElse(List.of());
    }

    private static OnlineRules.Interval interval(String stored) {
        String[] parts = stored.split("/", 2);
        return new OnlineRules.Interval(Instant.parse(parts[0]), Instant.parse(parts[1]));
    }

    /** Every roster student: minutes in the session's meeting, check-ins answered, and the mark the policy makes. */
    Review review(CurrentUser user, UUID id) {
        return review(online(user, id));
    }

    private Review review(OpenSession s) {
        UUID id = s.sessionId();
        Instant start = s.startedAt();
        Instant end = s.endsAt();
        Map<String, List<OnlineRules.Interval>> stays = new HashMap<>();
        jdbc.sql("SELECT student_email, intervals FROM meeting_attendance WHERE session_id = ?").param(id)
                .query((rs, n) -> stays.put(rs.getString(1), Arrays.stream((String[]) rs.getArray(2).getArray())
                        .map(OnlineClasses::interval).toList())).list();
        Map<String, Integer> answered = new HashMap<>();
        jdbc.sql("""
                SELECT a.student_email, count(*) FROM check_in_answers a JOIN check_ins c USING (check_in_id)
                WHERE c.session_id = ? AND a.answered_at IS NOT NULL GROUP BY 1
                """).param(id).query((rs, n) -> answered.put(rs.getString(1), rs.getInt(2))).list();
        Map<String, String> names = new HashMap<>();
        jdbc.sql("SELECT email, name FROM students WHERE email = ANY(?)").param(s.roster().toArray(String[]::new))
                .query((rs, n) -> names.put(rs.getString(1), rs.getString(2))).list();
        long scheduled = Math.max(1, Duration.between(start, end).toSeconds());
        List<StudentRow> students = s.roster().stream().sorted().map(email -> {
            OnlineRules.Presence p = OnlineRules.presence(stays.getOrDefault(email, List.of()), start, end);
            return new StudentRow(email, names.getOrDefault(email, email), Math.round(p.time().toSeconds() / 60.0),
                    Math.round(p.time().toSeconds() * 1000.0 / scheduled) / 1000.0, p.firstJoin(), p.intervals().size(),
                    answered.getOrDefault(email, 0), OnlineRules.decide(p, start, end, s.lateAt(), settings.minShare()),
                    s.isMarked(email));
        }).toList();
        List<ImportRow> imports = jdbc.sql("""
                SELECT format, participants, matched, unknown, imported_by, imported_at FROM meeting_imports
                WHERE session_id = ? ORDER BY imported_at""").param(id)
                .query((rs, n) -> new ImportRow(MeetingReports.Format.valueOf(rs.getString(1)), rs.getInt(2), rs.getInt(3),
                        List.of((String[]) rs.getArray(4).getArray()), rs.getString(5), rs.getTimestamp(6).toInstant())).list();
        List<CheckInRow> checkIns = jdbc.sql("""
                SELECT c.check_in_id, c.opens_at, c.closes_at, count(a.answered_at) FROM check_ins c
                LEFT JOIN check_in_answers a USING (check_in_id) WHERE c.session_id = ? GROUP BY 1, 2, 3 ORDER BY 2""").param(id)
                .query((rs, n) -> new CheckInRow(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant(), rs.getInt(4))).list();
        return new Review(s.delivery().name(), start, end, s.lateAt(), Math.round(Duration.between(start, end).toSeconds() / 60.0), settings.minShare(),
                imports, checkIns, students, teams.enabled());
    }

    /**
     * The teacher's word on the review: each student the meeting makes PRESENT or LATE is marked so (method MEETING, the
     * minutes and check-ins as the reason), replacing only an absence; the others are left to the close (absent) or to
     * the teacher's own marks.
     */
    Applied apply(CurrentUser user, UUID id) {
        OpenSession s = online(user, id);
        Review r = review(s);
        int present = 0;
        int late = 0;
        int held = r.checkIns().size();
        for (StudentRow row : r.students()) {
            if (row.proposed() != AttendanceStatus.PRESENT && row.proposed() != AttendanceStatus.LATE) {
                continue;
            }
            String reason = "online: " + row.minutes() + " of " + r.scheduledMinutes() + " min, joined "
                    + CLOCK.format(LocalTime.ofInstant(row.firstJoin(), zone))
                    + (held == 0 ? "" : ", " + row.checkIns() + " of " + held + " check-ins");
            sessions.mark(s, row.email(), row.proposed(), reason, user.email(), true, CaptureMethod.MEETING);
            if (row.proposed() == AttendanceStatus.PRESENT) {
                present++;
            } else {
                late++;
            }
        }
        audit.write(user.email(), "MEETING_MARKS_APPLIED", "session:" + id, Map.of("present", present, "late", late));
        return new Applied(present, late, r.students().size() - present - late);
    }

    /**
     * A check-in: its code opens at a random moment within the next {@code withinMinutes} (now, for 0) for the
     * college's check-in time. One at a time per session.
     */
    CheckIn startCheckIn(CurrentUser user, UUID id, int withinMinutes) {
        OpenSession s = online(user, id);
        Instant now = clock.instant();
        if (!s.isOpenAt(now)) {
            throw new ApiException(ErrorCode.SESSION_NOT_OPEN, "session " + id + " is not open");
        }
        if (current(id, now).isPresent()) {
            throw new ApiException(ErrorCode.CONFLICT, "a check-in is already waiting or open in this session");
        }
        Instant opens = now.plusSeconds(withinMinutes == 0 ? 0 : RANDOM.nextLong(withinMinutes * 60L + 1));
        Instant closes = opens.plus(settings.checkInOpen());
        if (closes.isAfter(s.endsAt())) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "the check-in would end after the class");
        }
        UUID checkInId = UUID.randomUUID();
        String code = String.format("%04d", RANDOM.nextInt(10_000));
        jdbc.sql("INSERT INTO check_ins (check_in_id, session_id, code, opens_at, closes_at, started_by) VALUES (?, ?, ?, ?, ?, ?)")
                .params(checkInId, id, code, Timestamp.from(opens), Timestamp.from(closes), user.email()).update();
        return new CheckIn(checkInId, opens, closes, opens.isAfter(now) ? null : code);
    }

    /** The check-in waiting or open now (its code once open), for the teacher's shared screen. */
    Optional<CheckIn> currentCheckIn(CurrentUser user, UUID id) {
        sessions.owned(user, id);
        Instant now = clock.instant();
        return current(id, now).map(c -> c.opensAt().isAfter(now) ? new CheckIn(c.checkInId(), c.opensAt(), c.closesAt(), null) : c);
    }

    private Optional<CheckIn> current(UUID id, Instant now) {
        return jdbc.sql("SELECT check_in_id, opens_at, closes_at, code FROM check_ins WHERE session_id = ? AND closes_at > ? ORDER BY opens_at LIMIT 1")
                .params(id, Timestamp.from(now))
                .query((rs, n) -> new CheckIn(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                        rs.getString(4))).optional();
    }

    /**
     * A student types the open check-in's code: recorded once; a wrong code leaves fewer tries ({@code OTP_WRONG} with
     * {@code attemptsLeft}), the last one {@code OTP_ATTEMPTS_EXHAUSTED}; with no check-in open, {@code CONFLICT}.
     */
    void answer(CurrentUser student, UUID id, String code) {
        OpenSession s = sessions.find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no session " + id));
        if (!s.enrolled(student.email())) {
            throw new ApiException(ErrorCode.NOT_ENROLLED, "you are not on this class's roster");
        }
        Instant now = clock.instant();
        if (!s.isOpenAt(now)) {
            throw new ApiException(ErrorCode.SESSION_NOT_OPEN, "this class is over");
        }
        CheckIn open = current(id, now).filter(c -> !c.opensAt().isAfter(now))
                .orElseThrow(() -> new ApiException(ErrorCode.CONFLICT, "no check-in is open in this class now"));
        // the tries left after a wrong code, or null when the answer counts (or counted before)
        Integer wrong = tx.execute(t -> {
            jdbc.sql("INSERT INTO check_in_answers (check_in_id, student_email) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(open.checkInId(), student.email()).update();
            record Answer(Instant answeredAt, int wrong) {
            }
            Answer a = jdbc.sql("SELECT answered_at, wrong_tries FROM check_in_answers WHERE check_in_id = ? AND student_email = ? FOR UPDATE")
                    .params(open.checkInId(), student.email())
                    .query((rs, n) -> new Answer(rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant(), rs.getInt(2))).single();
            if (a.answeredAt() != null) {
                return null; // answered already: the same answer again changes nothing
            }
            if (a.wrong() >= settings.checkInTries()) {
                throw new ApiException(ErrorCode.OTP_ATTEMPTS_EXHAUSTED, "no tries left for this check-in");
            }
            if (MessageDigest.isEqual(open.code().getBytes(StandardCharsets.UTF_8), code.getBytes(StandardCharsets.UTF_8))) {
                jdbc.sql("UPDATE check_in_answers SET answered_at = ? WHERE check_in_id = ? AND student_email = ?")
                        .params(Timestamp.from(now), open.checkInId(), student.email()).update();
                return null;
            }
            jdbc.sql("UPDATE check_in_answers SET wrong_tries = wrong_tries + 1 WHERE check_in_id = ? AND student_email = ?")
                    .params(open.checkInId(), student.email()).update();
            return settings.checkInTries() - a.wrong() - 1;
        });
        if (wrong != null) {
            // after the commit: the wrong try counts
            throw wrong == 0 ? new ApiException(ErrorCode.OTP_ATTEMPTS_EXHAUSTED, "not the check-in code; no tries left")
                    : new ApiException(ErrorCode.OTP_WRONG, "not the check-in code", Map.of("attemptsLeft", wrong));
        }
    }
}
