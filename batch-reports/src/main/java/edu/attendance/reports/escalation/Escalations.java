package edu.attendance.reports.escalation;

import edu.attendance.analytics.AttendanceAnalytics;
import edu.attendance.analytics.StudentSummaries;
import edu.attendance.contracts.StudentsErased;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.reports.delivery.ReportMailer;
import edu.attendance.reports.guardians.Guardians;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daily escalation pass (docs/rules.md, "Escalation"): every department's at-risk list gives each student's
 * absences in a row and term rate per subject; each configured step that has just become true is told once, by
 * e-mail, to its audience — the student, the subject's teacher, or the college office — and re-armed once it no
 * longer holds. With several report instances the database's primary key decides who sends.
 */
@Component
class Escalations {

    private static final Logger log = LoggerFactory.getLogger(Escalations.class);
    /** The pass reads everything, as an administrator would. */
    private static final CurrentUser SYSTEM = new CurrentUser("escalations@system", Role.ADMIN);

    public record EscalationPass(int studentsAtRisk, int told, int rearmed, int mails) {
    }

    private final List<EscalationRules.Step> steps;
    private final AttendanceAnalytics analytics;
    private final StudentSummaries summaries;
    private final ReportMailer mailer;
    private final JdbcClient postgres;
    private final Guardians guardians;
    private final AttendanceProperties props;
    private final Clock clock;

    Escalations(EscalationSettings settings, AttendanceAnalytics analytics, StudentSummaries summaries, ReportMailer mailer,
                JdbcClient postgres, Guardians guardians, AttendanceProperties props, Clock clock) {
        this.guardians = guardians;
        this.steps = settings.parsed();
        this.analytics = analytics;
        this.summaries = summaries;
        this.mailer = mailer;
        this.postgres = postgres;
        this.props = props;
        this.clock = clock;
        if (props.profile() == AttendanceProperties.Profile.PRODUCTION && !"-".equals(settings.cron()) && !mailer.sends()) {
            throw new IllegalStateException("refusing to start with ATTENDANCE_PROFILE=production: escalation mails are on but no mail "
                    + "server is set: set SPRING_MAIL_HOST (and _PORT, _USERNAME, _PASSWORD), or ATTENDANCE_ESCALATION_CRON to - for none");
        }
        // every step's students must be on the at-risk list the pass reads
        for (EscalationRules.Step s : steps) {
            if (s.measure() == EscalationRules.Measure.IN_A_ROW && s.level() < props.reports().consecutiveAbsences()) {
                throw new IllegalStateException("attendance.escalation.steps: " + s.key() + " counts fewer absences in a row than the at-risk rule ("
                        + props.reports().consecutiveAbsences() + ")");
            }
            if (s.measure() == EscalationRules.Measure.BELOW && s.level() > props.reports().atRiskThreshold() + 1e-9) {
                throw new IllegalStateException("attendance.escalation.steps: " + s.key() + " is above the at-risk threshold ("
                        + props.reports().atRiskThreshold() + ")");
            }
        }
    }

    /** The daily pass ({@link EscalationSchedule}): never throws, says what it did. */
    void daily() {
        try {
            EscalationPass s = run();
            log.info("escalations: {} students at risk, {} steps told ({} mails), {} re-armed", s.studentsAtRisk(), s.told(), s.mails(), s.rearmed());
        } catch (RuntimeException e) {
            log.warn("the escalation pass did not run: {}", e.toString());
        }
    }

    private record Key(String hash, String subjectId) {
    }

    private record Row(String email, String name, String classId, String subjectId, Double rate, int inARow) {
    }

    /** One pass over the whole college. */
    EscalationPass run() {
        Map<Key, Row> now = new HashMap<>();
        for (String department : postgres.sql("SELECT department_id FROM departments ORDER BY department_id").query(String.class).list()) {
            for (AttendanceAnalytics.AtRiskRow r : analytics.atRisk(SYSTEM, department, null)) {
                now.put(new Key(StudentsErased.hash(r.studentEmail()), r.subjectId()),
                        new Row(r.studentEmail(), r.name(), r.classId(), r.subjectId(), r.rate(), r.consecutiveAbsences()));
            }
        }
        Map<Key, Set<String>> fired = new HashMap<>();
        postgres.sql("SELECT student_hash, subject_id, step FROM escalations")
                .query((rs, i) -> fired.computeIfAbsent(new Key(rs.getString(1), rs.getString(2)), k -> new HashSet<>()).add(rs.getString(3)))
                .list();
        Set<Key> keys = new HashSet<>(now.keySet());
        keys.addAll(fired.keySet());
        Map<String, String> subjectNames = summaries.subjectNames(now.values().stream().map(Row::subjectId).distinct().toList());
        int told = 0;
        int rearmed = 0;
        int mails = 0;
        for (Key k : keys) {
            Row row = now.get(k);
            EscalationRules.Measures m = row == null ? EscalationRules.Measures.NONE : new EscalationRules.Measures(row.inARow(), row.rate());
            EscalationRules.Plan plan = EscalationRules.plan(steps, m, fired.getOrDefault(k, Set.of()));
            for (EscalationRules.Step s : plan.rearm()) {
                rearmed += postgres.sql("DELETE FROM escalations WHERE student_hash = ? AND subject_id = ? AND step = ?")
                        .params(k.hash(), k.subjectId(), s.key()).update();
            }
            for (EscalationRules.Step s : plan.fire()) {
                // the row is the "once": only the pass that inserts it tells
                boolean mine = postgres.sql("INSERT INTO escalations (student_hash, subject_id, step, fired_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                        .params(k.hash(), k.subjectId(), s.key(), Timestamp.from(clock.instant())).update() == 1;
                if (mine) {
                    told++;
                    mails += tell(s, row, subjectNames.getOrDefault(row.subjectId(), row.subjectId()));
                }
            }
        }
        return new EscalationPass(now.size(), told, rearmed, mails);
    }

    /** The step's message to its audience, in words; how many mails went. */
    private int tell(EscalationRules.Step s, Row r, String subject) {
        String rate = r.rate() == null ? "no rate yet" : Math.round(r.rate() * 100) + " %";
        int threshold = (int) Math.round(props.reports().atRiskThreshold() * 100);
        String what = s.measure() == EscalationRules.Measure.IN_A_ROW
                ? r.inARow() + " classes of " + subject + " missed in a row"
                : "attendance in " + subject + " at " + rate + ", under " + Math.round(s.level() * 100) + " %";
        List<String> to = new ArrayList<>();
        String text;
        switch (s.audience()) {
            case STUDENT -> {
                to.add(r.email());
                text = "Dear " + r.name() + ",\n\nyou have " + (s.measure() == EscalationRules.Measure.IN_A_ROW
                        ? "missed the last " + r.inARow() + " classes of " + subject : "an attendance of " + rate + " in " + subject)
                        + ". Your attendance this term is " + rate + "; the college requires " + threshold + " %.\n\n"
                        + "If you were away for a reason, file a claim in the app (Claims) within a week of each class. "
                        + "The app's History shows how many classes you can still miss this term.\n";
            }
            case TEACHER -> {
                postgres.sql("SELECT teacher_email FROM subjects WHERE subject_id = ?").param(r.subjectId()).query(String.class)
                        .optional().ifPresent(to::add);
                text = r.name() + " (" + r.email() + ", " + r.classId() + ") has " + what + ". Their attendance this term is " + rate
                        + ".\n\nTheir page in the dashboard shows every class and the term's outlook.\n";
            }
            case GUARDIAN -> {
                // only while the college's switch and this student's are on; about their own student alone
                guardians.of(r.email()).ifPresent(g -> to.add(g.email()));
                text = "Dear guardian,\n\n" + r.name() + " has " + what + ". Their attendance this term in " + subject + " is " + rate
                        + "; the college requires " + threshold + " %.\n\nThe college office can tell you more.\n";
            }
            default -> {
                to.addAll(postgres.sql("SELECT email FROM users WHERE role = 'ADMIN' AND NOT blocked ORDER BY email").query(String.class).list());
                text = r.name() + " (" + r.email() + ", " + r.classId() + ") has " + what + ".\n\nThe department's at-risk list in the "
                        + "dashboard has them with their reasons.\n";
            }
        }
        for (String recipient : to) {
            mailer.send(recipient, "Attendance: " + r.name() + " — " + what, text + "\n" + props.reports().dashboardUrl() + "\n", List.of());
        }
        return to.size();
    }
}
