package edu.attendance.reports.export;

import edu.attendance.analytics.AttendanceAnalytics;
import edu.attendance.analytics.StudentSummaries;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A student's statement (docs/rules.md "Exports"): every decision of a period, session by session, with the
 * per-subject rates on top. The student for themselves; teachers of the student's classes, admins and
 * management for anyone.
 */
@Component
class Statements {

    private final StudentSummaries summaries;
    private final JdbcClient postgres;
    private final AttendanceProperties props;
    private final AttendanceAnalytics reports;
    private final TableRenderer<ReportTables.StatementLine> renderer = ReportTables.statement();

    public Statements(StudentSummaries summaries, JdbcClient postgres, AttendanceProperties props,
                      AttendanceAnalytics reports) {
        this.summaries = summaries;
        this.postgres = postgres;
        this.props = props;
        this.reports = reports;
    }

    public Registers.File statement(CurrentUser user, String studentEmail, LocalDate from, LocalDate to, ExportFormat format) {
        String email = studentEmail == null ? user.email() : studentEmail.strip().toLowerCase(Locale.ROOT);
        List<StudentSummaries.SubjectSummary> perSubject;
        if (user.is(Role.STUDENT)) {
            if (!email.equals(user.email())) {
                throw new ApiException(ErrorCode.FORBIDDEN, "a student's statement is theirs alone");
            }
            perSubject = summaries.perSubject(email);
        } else {
            perSubject = summaries.forStudent(user, email); // teacher of the student, admin, management; 404 if unknown
        }
        var period = reports.period(from, to);
        LocalDate start = period.from();
        LocalDate end = period.to();
        String name = postgres.sql("SELECT name FROM students WHERE email = ?").param(email).query(String.class).optional()
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no student " + email));
        List<StudentSummaries.Entry> history = new ArrayList<>(summaries.history(email, start, end));
        Collections.reverse(history); // oldest first
        Map<String, String> courses = summaries.subjectNames(history.stream().map(StudentSummaries.Entry::subjectId).distinct().toList());
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm").withZone(props.collegeZone());
        List<ReportTables.StatementLine> rows = history.stream().map(e -> new ReportTables.StatementLine(e.date(), e.subjectId(),
                courses.getOrDefault(e.subjectId(), ""), e.status(), e.method(), time.format(e.at()))).toList();
        Map<String, String> allCourses = summaries.subjectNames(perSubject.stream().map(StudentSummaries.SubjectSummary::subjectId).toList());
        String rates = perSubject.stream().map(s -> ReportWords.named(allCourses.get(s.subjectId()), s.subjectId()) + " " + (s.rate() == null ? "–"
                        : String.format(Locale.ROOT, "%.1f %%", s.rate() * 100)) + " (" + s.attended() + "/" + (s.held() - s.excused()) + ")")
                .collect(Collectors.joining(" · "));
        String title = "Attendance statement · " + name + " <" + email + "> · " + ReportWords.day(start) + " to " + ReportWords.day(end);
        byte[] content = renderer.render(title, "Term rates: " + (rates.isEmpty() ? "none yet" : rates), rows, format);
        return new Registers.File("statement-" + email.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + start + "-" + end + "." + format.extension,
                format.mediaType, content);
    }
}
