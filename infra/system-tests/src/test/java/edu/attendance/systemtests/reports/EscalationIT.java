package edu.attendance.systemtests.reports;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The escalation pass against the real stack and a real SMTP server: five absences in a row tell the student and the
 * teacher, a rate under 65 % the college office, three in a row the student — each once, however often the pass runs,
 * and a student who came back is re-armed.
 */
class EscalationIT {

    final Fixtures f = Fixtures.get();
    final Api api = f.api;

    static List<String> subjectsTo(String address) {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : TestStack.MAIL.getReceivedMessages()) {
            try {
                for (var r : m.getRecipients(Message.RecipientType.TO)) {
                    if (r.toString().equals(address)) {
                        subjects.add(m.getSubject());
                    }
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return subjects;
    }

    static void decision(PreparedStatement insert, String session, String student, LocalDate day, String status) throws Exception {
        Timestamp at = Timestamp.from(day.atTime(10, 0).toInstant(ZoneOffset.UTC));
        insert.setString(1, session);
        insert.setString(2, student);
        insert.setObject(3, day);
        insert.setString(4, status);
        insert.setTimestamp(5, at);
        insert.setTimestamp(6, at);
        insert.addBatch();
    }

    @Test
    void eachStepIsToldOnceToItsAudience() throws Exception {
        Map<String, String> r = f.roster("es");
        LocalDate today = TestStack.today();
        String insertSql = "INSERT INTO decisions (session_id, student_email, subject_id, class_id, session_date, status, previous_status, "
                + "method, at, decided_at, offline, submission_id, flags, version) VALUES (?, ?, 'Ses', 'Ces', ?, ?, '', 'QR', ?, ?, false, '', [], 1)";
        try (Connection c = TestStack.get().clickhouse(); PreparedStatement insert = c.prepareStatement(insertSql)) {
            for (int k = 0; k < 20; k++) {
                LocalDate day = today.minusDays(40 - 2L * k);
                // Asha: 15 of 20, the last five missed; Bilal: 9 of 20 (45 %), the last three missed; Chen always there
                decision(insert, "es-" + k, r.get("a"), day, k < 15 ? "PRESENT" : "ABSENT");
                decision(insert, "es-" + k, r.get("b"), day, k % 2 == 0 && k < 17 ? "PRESENT" : "ABSENT");
                decision(insert, "es-" + k, r.get("c"), day, "PRESENT");
            }
            insert.executeBatch();
        }
        assertThat(api.send("POST", "/api/v1/reports/runs/escalations", api.login(r.get("teacher"))).status()).isEqualTo(403);
        JsonNode first = api.send("POST", "/api/v1/reports/runs/escalations", f.admin()).json();
        assertThat(first.path("told").asInt()).isGreaterThanOrEqualTo(4);

        assertThat(subjectsTo(r.get("a"))).singleElement().asString().contains("5 classes of Data Structures, Advanced missed in a row");
        assertThat(subjectsTo(r.get("teacher"))).anySatisfy(s -> assertThat(s).contains("Asha").contains("5 classes"));
        assertThat(subjectsTo(r.get("b"))).singleElement().asString().contains("3 classes");
        assertThat(subjectsTo("admin@college.test")).anySatisfy(s -> assertThat(s).contains("Bilal").contains("45 %").contains("under 65 %"));
        assertThat(subjectsTo(r.get("c"))).isEmpty();
        assertThat(subjectsTo(r.get("teacher"))).noneSatisfy(s -> assertThat(s).contains("Bilal"));

        // the pass again (the next day, a second instance): nothing told twice
        int teacherMails = subjectsTo(r.get("teacher")).size();
        api.send("POST", "/api/v1/reports/runs/escalations", f.admin());
        assertThat(subjectsTo(r.get("a"))).hasSize(1);
        assertThat(subjectsTo(r.get("b"))).hasSize(1);
        assertThat(subjectsTo(r.get("teacher"))).hasSize(teacherMails);

        // Asha comes back: her steps re-arm, and nobody is told anything
        try (Connection c = TestStack.get().clickhouse(); PreparedStatement insert = c.prepareStatement(insertSql)) {
            decision(insert, "es-back", r.get("a"), today, "PRESENT");
            insert.executeBatch();
        }
        JsonNode back = api.send("POST", "/api/v1/reports/runs/escalations", f.admin()).json();
        assertThat(back.path("rearmed").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(subjectsTo(r.get("a"))).hasSize(1);
    }
}
