package edu.attendance.reports.delivery;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.reports.ReportSettings;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mail.javamail.JavaMailSender;

import java.time.Duration;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Without an SMTP server (the embedded run) report mails become .eml files in the outbox. */
class ReportMailerOutboxTest {

    @TempDir
    Path dir;

    @Test
    void aMailWithItsAttachmentsLandsInTheOutbox() throws Exception {
        // the settings as the application binds them: defaults, and the data directory of this test
        AttendanceProperties props = new Binder(
                new MapConfigurationPropertySource(
                        Map.of("attendance.data-dir", dir.toString())))
                .bindOrCreate("attendance", AttendanceProperties.class);
        Path pdf = Files.write(dir.resolve("at-risk.pdf"), "%PDF-1.4 test".getBytes());
        Path xlsx = Files.write(dir.resolve("at-risk.xlsx"), new byte[]{'P', 'K', 3, 4});
        ReportMailer mailer = new ReportMailer(new DefaultListableBeanFactory().getBeanProvider(
                JavaMailSender.class), props,
                new ReportSettings("-", "-", "reports@college.test", Duration.ofDays(90)), "");

        mailer.send("board@college.test", "Students at risk · 2026-11-21", "attached", List.of(pdf, xlsx));

        List<Path> outbox;
        try (var files = Files.list(dir.resolve("outbox"))) {
            outbox = files.toList();
        }
        assertThat(outbox).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).endsWith("-board@college.test.eml"));
        try (InputStream in = Files.newInputStream(outbox.getFirst())) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
            assertThat(m.getSubject()).isEqualTo("Students at risk · 2026-11-21");
            assertThat(m.getAllRecipients()[0].toString()).isEqualTo("board@college.test");
            assertThat(m.getFrom()[0].toString()).isEqualTo("reports@college.test", Duration.ofDays(90));
            MimeMultipart body = (MimeMultipart) m.getContent();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < body.getCount(); i++) {
                if (body.getBodyPart(i).getFileName() != null) {
                    names.add(body.getBodyPart(i).getFileName());
                }
            }
            assertThat(names).containsExactly("at-risk.pdf", "at-risk.xlsx");
        }
    }

    @Test
    void twoMailsToOnePersonAtOnceAreBothKept() throws Exception {
        AttendanceProperties props = new Binder(
                new MapConfigurationPropertySource(
                        Map.of("attendance.data-dir", dir.toString())))
                .bindOrCreate("attendance", AttendanceProperties.class);
        ReportMailer mailer = new ReportMailer(new DefaultListableBeanFactory().getBeanProvider(
                JavaMailSender.class), props,
                new ReportSettings("-", "-", "reports@college.test", Duration.ofDays(90)), "");
        // the whole list and a department's part, as one delivery sends them, within the same millisecond or not
        for (int i = 0; i < 20; i++) {
            mailer.send("dean@college.test", "Students at risk " + i, "text", List.of());
        }
        try (var files = Files.list(dir.resolve("outbox"))) {
            assertThat(files.toList()).hasSize(20);
        }
    }

    @Test
    void productionWithScheduledReportsAndNoMailServerIsRefused() {
        var scheduled = new ReportSettings("0 0 7 * * *", "-", "reports@college.test", Duration.ofDays(90));
        var none = new ReportSettings("-", "-", "reports@college.test", Duration.ofDays(90));
        assertThat(ReportMailer.refusal(AttendanceProperties.Profile.PRODUCTION, false, scheduled)).get(InstanceOfAssertFactories.STRING)
                .contains("SPRING_MAIL_HOST");
        assertThat(ReportMailer.refusal(AttendanceProperties.Profile.PRODUCTION, true, scheduled)).isEmpty();
        assertThat(ReportMailer.refusal(AttendanceProperties.Profile.PRODUCTION, false, none)).as("nothing scheduled, nothing to mail").isEmpty();
        assertThat(ReportMailer.refusal(AttendanceProperties.Profile.DEVELOPMENT, false, scheduled)).as("the embedded run's outbox").isEmpty();
    }
}
