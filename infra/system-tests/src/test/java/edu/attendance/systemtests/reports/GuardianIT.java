package edu.attendance.systemtests.reports;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

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
 * Guardians against the real stack and a real SMTP server: imported with the roster, told in a weekly digest about
 * their own student only, and not at all when the college switched a student's guardian off.
 */
class GuardianIT {

    final Fixtures f = Fixtures.get();
    final Api api = f.api;

    static List<String> textsTo(String address) throws Exception {
        List<String> texts = new ArrayList<>();
        for (MimeMessage m : TestStack.MAIL.getReceivedMessages()) {
            for (var r : m.getRecipients(Message.RecipientType.TO)) {
                if (r.toString().equals(address)) {
                    texts.add(m.getSubject() + "\n" + contentOf(m.getContent()));
                }
            }
        }
        return texts;
    }

    static String contentOf(Object content) throws Exception {
        if (content instanceof jakarta.mail.Multipart mp) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < mp.getCount(); i++) {
                b.append(contentOf(mp.getBodyPart(i).getContent()));
            }
            return b.toString();
        }
        return String.valueOf(content);
    }

    @Test
    void aGuardianHearsAboutTheirOwnStudentOnlyAndOnlyWhenTheCollegeSaysSo() throws Exception {
        Map<String, String> r = f.roster("gd");
        Api.Response refused = api.csv("guardians", f.admin(), "student_email,name,email,notify\n" + r.get("a") + ",Lakshmi,not-an-address,yes\n");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(api.csv("guardians", f.admin(), "student_email,name,email,notify\n" + r.get("a") + ",Lakshmi Menon,lakshmi.gd@home.example,yes\n"
                + r.get("b") + ",Imran Khan,imran.gd@home.example,no\n").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/admin/roster/guardians", f.admin()).text()).contains("lakshmi.gd@home.example");
        assertThat(api.get("/api/v1/me/data", api.login(r.get("a"))).json().path("guardian").path("name").asString()).isEqualTo("Lakshmi Menon");

        LocalDate today = TestStack.today();
        try (Connection c = TestStack.get().clickhouse(); PreparedStatement insert = c.prepareStatement("INSERT INTO decisions (session_id, "
                + "student_email, subject_id, class_id, session_date, status, previous_status, method, at, decided_at, offline, submission_id, "
                + "flags, version) VALUES (?, ?, 'Sgd', 'Cgd', ?, ?, '', 'QR', ?, ?, false, '', [], 1)")) {
            for (int k = 0; k < 3; k++) {
                LocalDate day = today.minusDays(k);
                Timestamp at = Timestamp.from(day.atTime(10, 0).toInstant(ZoneOffset.UTC));
                for (String[] who : new String[][]{{r.get("a"), k == 0 ? "ABSENT" : "PRESENT"}, {r.get("b"), "ABSENT"}}) {
                    insert.setString(1, "gd-" + k);
                    insert.setString(2, who[0]);
                    insert.setObject(3, day);
                    insert.setString(4, who[1]);
                    insert.setTimestamp(5, at);
                    insert.setTimestamp(6, at);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        assertThat(api.send("POST", "/api/v1/reports/runs/guardian-digests", api.login(r.get("teacher"))).status()).isEqualTo(403);
        assertThat(api.send("POST", "/api/v1/reports/runs/guardian-digests", f.admin()).status()).isEqualTo(200);

        List<String> lakshmi = textsTo("lakshmi.gd@home.example");
        assertThat(lakshmi).singleElement().asString().startsWith("Attendance of Asha").contains("2 of 3 attended, 1 missed")
                .doesNotContain("Bilal").doesNotContain(r.get("b"));
        assertThat(textsTo("imran.gd@home.example")).as("the college switched Bilal's guardian off").isEmpty();
    }
}
