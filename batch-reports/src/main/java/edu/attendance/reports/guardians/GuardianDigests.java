package edu.attendance.reports.guardians;

import edu.attendance.analytics.StudentSummaries;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.reports.delivery.ReportMailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The weekly digest to guardians (docs/rules.md, "Guardians"): for each student whose guardian may be told, the week's
 * classes per subject and the term's rate, to that guardian alone — never anything about another student.
 */
@Component
class GuardianDigests {

    private static final Logger log = LoggerFactory.getLogger(GuardianDigests.class);

    public record DigestRun(int guardians, int mails) {
    }

    private final JdbcClient postgres;
    private final StudentSummaries summaries;
    private final ReportMailer mailer;
    private final GuardianSettings settings;
    private final AttendanceProperties props;
    private final Clock clock;

    GuardianDigests(JdbcClient postgres, StudentSummaries summaries, ReportMailer mailer, GuardianSettings settings,
                    AttendanceProperties props, Clock clock) {
        this.postgres = postgres;
        this.summaries = summaries;
        this.mailer = mailer;
        this.settings = settings;
        this.props = props;
        this.clock = clock;
    }

    void scheduled() {
        try {
            DigestRun s = run();
            log.info("guardian digests: {} guardians, {} mails", s.guardians(), s.mails());
        } catch (RuntimeException e) {
            log.warn("the guardians' digest did not go: {}", e.toString());
        }
    }

    private record Row(String studentEmail, String studentName, String name, String email) {
    }

    /** One digest per guardian who may be told, covering the last seven days. */
    DigestRun run() {
        if (!settings.enabled()) {
            return new DigestRun(0, 0);
        }
        List<Row> rows = postgres.sql("""
                        SELECT g.student_email, s.name, g.name, g.email FROM guardians g JOIN students s ON s.email = g.student_email
                        WHERE g.notify ORDER BY g.student_email""")
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
        LocalDate today = LocalDate.now(clock.withZone(props.collegeZone()));
        LocalDate from = today.minusDays(6);
        int mails = 0;
        for (Row r : rows) {
            List<StudentSummaries.Entry> week = summaries.history(r.studentEmail(), from, today);
            List<StudentSummaries.SubjectSummary> term = summaries.perSubject(r.studentEmail());
            Map<String, String> names = summaries.subjectNames(term.stream().map(StudentSummaries.SubjectSummary::subjectId).toList());
            mailer.send(r.email(), "Attendance of " + r.studentName() + ", week to " + today, text(r, week, term, names, from), List.of());
            mails++;
        }
        return new DigestRun(rows.size(), mails);
    }

    private String text(Row r, List<StudentSummaries.Entry> week, List<StudentSummaries.SubjectSummary> term, Map<String, String> names,
                        LocalDate from) {
        int threshold = (int) Math.round(props.reports().atRiskThreshold() * 100);
        List<String> lines = new ArrayList<>();
        lines.add("Dear " + r.name() + ",");
        lines.add("");
        lines.add("the attendance of " + r.studentName() + " from " + from + ":");
        Map<String, List<StudentSummaries.Entry>> bySubject = week.stream().collect(Collectors.groupingBy(StudentSummaries.Entry::subjectId));
        if (bySubject.isEmpty()) {
            lines.add("  no classes were held.");
        }
        bySubject.forEach((subject, entries) -> {
            long attended = entries.stream().filter(e -> e.status().name().equals("PRESENT") || e.status().name().equals("LATE")).count();
            long absent = entries.stream().filter(e -> e.status().name().equals("ABSENT")).count();
            lines.add("  " + names.getOrDefault(subject, subject) + ": " + attended + " of " + entries.size() + " attended"
                    + (absent > 0 ? ", " + absent + " missed" : ""));
        });
        lines.add("");
        lines.add("This term (the college requires " + threshold + " %):");
        for (StudentSummaries.SubjectSummary s : term) {
            lines.add("  " + names.getOrDefault(s.subjectId(), s.subjectId()) + ": "
                    + (s.rate() == null ? "no classes counted yet" : Math.round(s.rate() * 100) + " %"));
        }
        lines.add("");
        lines.add("You receive this because the college lists you as " + r.studentName() + "'s guardian. The college office can stop it.");
        return String.join("\n", lines) + "\n";
    }
}
