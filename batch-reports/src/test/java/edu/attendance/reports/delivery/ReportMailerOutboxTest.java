package edu.attendance.reports.delivery;

import edu.attendance.platform.AttendanceProperties;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Without an SMTP server (the embedded run) report mails become .eml files in the outbox. */
class ReportMailerOutboxTest {

    @TempDir
    Path dir;

    @Test
    void aMailWithItsAttachmentsLandsInTheOutbox() throws Exception {
        AttendanceProperties props = new AttendanceProperties(dir, ZoneOffset.UTC, "admin@college.test",
                new AttendanceProperties.Auth(false, null, Duration.ofMinutes(15), Duration.ofDays(30), "attendance-platform",
                        "", "/", new AttendanceProperties.Google("https://accounts.google.com", "", List.of())),
                new AttendanceProperties.Sessions(10, 5, 60, null),
                new AttendanceProperties.Capture(50, List.of(), 150, Duration.ofHours(2), 20, 30, 3000),
                new AttendanceProperties.Push(null, "mailto:admin@college.test", List.of()),
                new AttendanceProperties.Kafka(6, (short) 1),
                new AttendanceProperties.ClickHouse("jdbc:clickhouse://127.0.0.1:8123/attendance", "attendance", "default", "", true),
                new AttendanceProperties.Reports(0.75, 3, 0.15, Duration.ofDays(14), null));
        Path pdf = Files.write(dir.resolve("at-risk.pdf"), "%PDF-1.4 test".getBytes());
        Path xlsx = Files.write(dir.resolve("at-risk.xlsx"), new byte[]{'P', 'K', 3, 4});
        ReportMailer mailer = new ReportMailer(new DefaultListableBeanFactory().getBeanProvider(
                org.springframework.mail.javamail.JavaMailSender.class), props, "reports@college.test");

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
            assertThat(m.getFrom()[0].toString()).isEqualTo("reports@college.test");
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
}
