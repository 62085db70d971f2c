package edu.attendance.stream.decision;

import edu.attendance.contracts.AlertType;
import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.contracts.Decision;
import edu.attendance.contracts.LiveView;
import edu.attendance.contracts.ManualMark;
import edu.attendance.contracts.SessionClosed;
import edu.attendance.contracts.SessionMode;
import edu.attendance.contracts.SessionOpened;
import edu.attendance.contracts.SubmissionAccepted;
import edu.attendance.contracts.SubmissionRejected;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static edu.attendance.contracts.AttendanceStatus.ABSENT;
import static edu.attendance.contracts.AttendanceStatus.EXCUSED;
import static edu.attendance.contracts.AttendanceStatus.FLAGGED;
import static edu.attendance.contracts.AttendanceStatus.LATE;
import static edu.attendance.contracts.AttendanceStatus.PRESENT;
import static org.assertj.core.api.Assertions.assertThat;

class DecisionRulesTest {

    static final Instant START = Instant.parse("2026-11-21T09:00:00Z");
    static final Instant LATE_AT = START.plusSeconds(300);
    static final Instant CLOSES = START.plusSeconds(3600);
    static final SessionOpened OPENED = new SessionOpened("s1", "SUB", "CLS", "P1", LocalDate.of(2026, 11, 21),
            "t@c.test", SessionMode.QR_AND_OTP, START, LATE_AT, CLOSES, List.of(
            new SessionOpened.RosterEntry("a@c.test", "A"),
            new SessionOpened.RosterEntry("b@c.test", "B"),
            new SessionOpened.RosterEntry("c@c.test", "C")));

    final DecisionRules rules = new DecisionRules(50);
    final SessionState state = new SessionState();
    final StudentStates students = new InMemoryStudentStates();

    static SubmissionAccepted scan(String email, Instant at) {
        return scan(email, at, 0);
    }

    static SubmissionAccepted scan(String email, Instant at, int risk) {
        return new SubmissionAccepted("sub-" + email + at.toEpochMilli(), "s1", email, CaptureMethod.QR, at, at, false, "d", "10.0.0.1",
                risk, risk > 0 ? List.of("TOKEN_AGE") : List.of());
    }

    static ManualMark mark(String email, String status, Instant at) {
        return new ManualMark("s1", email, AttendanceStatus.valueOf(status), "doctor's note", "t@c.test", at);
    }

    @Test
    void beforeTheLateThresholdIsPresent() {
        rules.opened(state, students, OPENED, START);
        List<Decision> d = rules.submission(state, students, scan("a@c.test", LATE_AT.minusMillis(1)), START);
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.status()).isEqualTo(PRESENT);
            assertThat(x.version()).isEqualTo(1);
            assertThat(x.previousStatus()).isNull();
            assertThat(x.method()).isEqualTo(CaptureMethod.QR);
            assertThat(x.subjectId()).isEqualTo("SUB");
            assertThat(x.classId()).isEqualTo("CLS");
        });
    }

    @Test
    void atOrAfterTheLateThresholdIsLate() {
        rules.opened(state, students, OPENED, START);
        assertThat(rules.submission(state, students, scan("a@c.test", LATE_AT), START)).extracting(Decision::status).containsExactly(LATE);
        assertThat(rules.submission(state, students, scan("b@c.test", LATE_AT.plusSeconds(600)), START)).extracting(Decision::status).containsExactly(LATE);
    }

    @Test
    void riskAtTheThresholdIsFlagged() {
        rules.opened(state, students, OPENED, START);
        assertThat(rules.submission(state, students, scan("a@c.test", START, 50), START)).extracting(Decision::status).containsExactly(FLAGGED);
        assertThat(rules.submission(state, students, scan("b@c.test", START, 49), START)).extracting(Decision::status).containsExactly(PRESENT);
    }

    @Test
    void firstSubmissionWinsAndLaterOnesDecideNothing() {
        rules.opened(state, students, OPENED, START);
        rules.submission(state, students, scan("a@c.test", START.plusSeconds(1)), START);
        assertThat(rules.submission(state, students, scan("a@c.test", START.plusSeconds(2)), START)).isEmpty();
        assertThat(rules.submission(state, students, scan("a@c.test", LATE_AT.plusSeconds(2)), START)).isEmpty();
    }

    @Test
    void aStudentNotOnTheRosterIsIgnored() {
        rules.opened(state, students, OPENED, START);
        assertThat(rules.submission(state, students, scan("intruder@c.test", START), START)).isEmpty();
    }

    @Test
    void closeMakesEveryUndecidedStudentAbsentExactlyOnce() {
        rules.opened(state, students, OPENED, START);
        rules.submission(state, students, scan("a@c.test", START), START);
        List<Decision> closed = rules.closed(state, students, new SessionClosed("s1", CLOSES, "TEACHER"), CLOSES);
        assertThat(closed).extracting(Decision::studentEmail).containsExactly("b@c.test", "c@c.test");
        assertThat(closed).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(ABSENT);
            assertThat(d.method()).isEqualTo(CaptureMethod.AUTO);
            assertThat(d.at()).isEqualTo(CLOSES);
        });
        assertThat(rules.closed(state, students, new SessionClosed("s1", CLOSES.plusSeconds(5), "AUTO"), CLOSES)).isEmpty();
        assertThat(rules.expire(state, students, CLOSES.plusSeconds(10))).isEmpty();
    }

    @Test
    void expiryClosesASessionWhoseEndPassedWithoutAnEvent() {
        rules.opened(state, students, OPENED, START);
        assertThat(rules.expire(state, students, CLOSES.minusMillis(1))).isEmpty();
        List<Decision> d = rules.expire(state, students, CLOSES.plusSeconds(3));
        assertThat(d).hasSize(3).allSatisfy(x -> assertThat(x.at()).isEqualTo(CLOSES));
        assertThat(state.isClosed()).isTrue();
    }

    @Test
    void aSubmissionCapturedBeforeCloseThatArrivesAfterItReplacesTheAutoAbsence() {
        rules.opened(state, students, OPENED, START);
        rules.closed(state, students, new SessionClosed("s1", CLOSES, "TEACHER"), CLOSES);
        List<Decision> d = rules.submission(state, students, scan("b@c.test", CLOSES.minusSeconds(30)), CLOSES);
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.status()).isEqualTo(LATE);
            assertThat(x.version()).isEqualTo(2);
            assertThat(x.previousStatus()).isEqualTo(ABSENT);
        });
        assertThat(rules.submission(state, students, scan("c@c.test", CLOSES.plusSeconds(1)), CLOSES)).isEmpty();
    }

    @Test
    void manualMarksOverrideBeforeAndAfterCloseWithRisingVersions() {
        rules.opened(state, students, OPENED, START);
        rules.submission(state, students, scan("a@c.test", START), START);
        assertThat(rules.manual(state, students, mark("a@c.test", "ABSENT", START.plusSeconds(60)), START))
                .singleElement().satisfies(x -> {
                    assertThat(x.status()).isEqualTo(ABSENT);
                    assertThat(x.method()).isEqualTo(CaptureMethod.MANUAL);
                    assertThat(x.version()).isEqualTo(2);
                    assertThat(x.previousStatus()).isEqualTo(PRESENT);
                });
        rules.closed(state, students, new SessionClosed("s1", CLOSES, "TEACHER"), CLOSES);
        assertThat(rules.manual(state, students, mark("b@c.test", "EXCUSED", CLOSES.plusSeconds(60)), CLOSES))
                .singleElement().satisfies(x -> {
                    assertThat(x.status()).isEqualTo(EXCUSED);
                    assertThat(x.version()).isEqualTo(2);
                    assertThat(x.previousStatus()).isEqualTo(ABSENT);
                });
        // a manual ABSENT is not an automatic one: a late-arriving submission does not replace it
        assertThat(rules.submission(state, students, scan("a@c.test", START.plusSeconds(10)), CLOSES)).isEmpty();
    }

    @Test
    void anApprovedClaimsExcuseReplacesAnAbsenceOnly() {
        List<SessionOpened.RosterEntry> four = new java.util.ArrayList<>(OPENED.roster());
        four.add(new SessionOpened.RosterEntry("d@c.test", "D"));
        rules.opened(state, students, new SessionOpened("s1", "SUB", "CLS", "P1", OPENED.date(), "t@c.test", SessionMode.QR_AND_OTP,
                START, LATE_AT, CLOSES, four), START);
        rules.submission(state, students, scan("a@c.test", START), START);                  // PRESENT
        rules.submission(state, students, scan("b@c.test", LATE_AT.plusSeconds(1)), START);  // LATE
        rules.submission(state, students, scan("c@c.test", START, 90), START);              // FLAGGED
        rules.closed(state, students, new SessionClosed("s1", CLOSES, "TEACHER"), CLOSES);  // d: ABSENT
        for (String attended : List.of("a@c.test", "b@c.test", "c@c.test")) {
            assertThat(rules.manual(state, students, excuse(attended), CLOSES)).as(attended).isEmpty();
        }
        assertThat(rules.manual(state, students, excuse("d@c.test"), CLOSES)).singleElement().satisfies(x -> {
            assertThat(x.status()).isEqualTo(EXCUSED);
            assertThat(x.previousStatus()).isEqualTo(ABSENT);
        });
        // a teacher's own EXCUSED still overrides anything
        assertThat(rules.manual(state, students, mark("a@c.test", "EXCUSED", CLOSES.plusSeconds(5)), CLOSES)).singleElement()
                .satisfies(x -> assertThat(x.previousStatus()).isEqualTo(PRESENT));
    }

    @Test
    void anExcuseBeforeAnyDecisionApplies() {
        rules.opened(state, students, OPENED, START);
        assertThat(rules.manual(state, students, excuse("a@c.test"), START)).singleElement()
                .satisfies(x -> assertThat(x.status()).isEqualTo(EXCUSED));
    }

    @Test
    void aHybridClassesMeetingMarksTheOnlineStudentsAndLeavesTheScannedOnesAsTheyAre() {
        rules.opened(state, students, OPENED, START);
        rules.submission(state, students, scan("a@c.test", START), START); // in the room
        rules.closed(state, students, new SessionClosed("s1", CLOSES, "TEACHER"), CLOSES);
        ManualMark meetingA = new ManualMark("s1", "a@c.test", LATE, "online: 50 of 60 min", "t@c.test", CLOSES.plusSeconds(60), true,
                CaptureMethod.MEETING);
        assertThat(rules.manual(state, students, meetingA, CLOSES)).as("a scanned student keeps the scan").isEmpty();
        ManualMark meetingB = new ManualMark("s1", "b@c.test", PRESENT, "online: 58 of 60 min", "t@c.test", CLOSES.plusSeconds(60), true,
                CaptureMethod.MEETING);
        assertThat(rules.manual(state, students, meetingB, CLOSES)).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(PRESENT);
            assertThat(d.method()).isEqualTo(CaptureMethod.MEETING);
            assertThat(d.previousStatus()).isEqualTo(ABSENT);
        });
        // a teacher's own mark, and one written before marks carried their method, are the teacher's word
        assertThat(rules.manual(state, students, mark("c@c.test", "PRESENT", CLOSES.plusSeconds(5)), CLOSES)).singleElement()
                .satisfies(d -> assertThat(d.method()).isEqualTo(CaptureMethod.MANUAL));
        assertThat(new ManualMark("s1", "c@c.test", PRESENT, null, "t", CLOSES, false, null).decidedBy()).isEqualTo(CaptureMethod.MANUAL);
    }

    static ManualMark excuse(String email) {
        return new ManualMark("s1", email, EXCUSED, "claim approved", "office@c.test", CLOSES.plusSeconds(1), true);
    }

    @Test
    void flaggedThenAcceptedByTheTeacher() {
        rules.opened(state, students, OPENED, START);
        rules.submission(state, students, scan("a@c.test", START, 90), START);
        assertThat(rules.manual(state, students, mark("a@c.test", "PRESENT", START.plusSeconds(100)), START))
                .extracting(Decision::status, Decision::version).containsExactly(Tuple.tuple(PRESENT, 2));
    }

    @Test
    void eventsBeforeTheOpenedEventAreReplayedInOrderOnceItArrives() {
        assertThat(rules.submission(state, students, scan("a@c.test", START.plusSeconds(1)), START)).isEmpty();
        assertThat(rules.closed(state, students, new SessionClosed("s1", CLOSES, "TEACHER"), CLOSES)).isEmpty();
        assertThat(rules.manual(state, students, mark("c@c.test", "EXCUSED", CLOSES), CLOSES)).isEmpty();
        List<Decision> d = rules.opened(state, students, OPENED, CLOSES);
        assertThat(d).extracting(Decision::studentEmail, Decision::status).containsExactly(
                Tuple.tuple("a@c.test", PRESENT),
                Tuple.tuple("b@c.test", ABSENT),
                Tuple.tuple("c@c.test", ABSENT),
                Tuple.tuple("c@c.test", EXCUSED));
        assertThat(rules.opened(state, students, OPENED, CLOSES)).isEmpty();
    }

    @Test
    void aFlaggedSubmissionAndAnExhaustedOtpRaiseOneAlertEachOnTheLiveView() {
        rules.opened(state, students, OPENED, START);
        rules.submission(state, students, scan("a@c.test", START, 75), START);
        SubmissionRejected exhausted = new SubmissionRejected("x", "s1", "b@c.test",
                CaptureMethod.OTP, "OTP_ATTEMPTS_EXHAUSTED", START.plusSeconds(20), "d", "10.0.0.2");
        rules.rejected(state, exhausted);
        rules.rejected(state, exhausted);
        rules.rejected(state, new SubmissionRejected("y", "s1", "c@c.test", CaptureMethod.QR, "QR_EXPIRED",
                START.plusSeconds(30), "d", "10.0.0.3"));
        LiveView live = DecisionRules.live(state, students, START);
        assertThat(live.alerts()).extracting(LiveView.Alert::type).containsExactly(AlertType.FLAGGED, AlertType.OTP_ATTEMPTS_EXHAUSTED);
        assertThat(live.alerts().get(0).students()).containsExactly("a@c.test");
        assertThat(live.alerts().get(0).detail()).contains("risk 75").contains("TOKEN_AGE");
        assertThat(live.alerts().get(1).students()).containsExactly("b@c.test");
    }

    @Test
    void liveViewCountsEveryRosterStudent() {
        rules.opened(state, students, OPENED, START);
        rules.submission(state, students, scan("a@c.test", START), START);
        rules.submission(state, students, scan("b@c.test", LATE_AT), START);
        LiveView live = DecisionRules.live(state, students, START);
        assertThat(live.status()).isEqualTo("OPEN");
        assertThat(live.counts()).isEqualTo(new LiveView.Counts(1, 1, 0, 0, 0, 1));
        assertThat(live.students()).extracting(LiveView.Student::status)
                .containsExactly(PRESENT, LATE, AttendanceStatus.PENDING);
        rules.closed(state, students, new SessionClosed("s1", CLOSES, "TEACHER"), CLOSES);
        assertThat(DecisionRules.live(state, students, CLOSES).counts()).isEqualTo(new LiveView.Counts(1, 1, 1, 0, 0, 0));
        assertThat(DecisionRules.live(state, students, CLOSES).status()).isEqualTo("CLOSED");
    }
}
