package edu.attendance.reports.delivery;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.reports.ReportSettings;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.FileSystemResource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a report with its files attached: over SMTP when {@code spring.mail.host} is set (the college's
 * mail server), otherwise as {@code .eml} files in {@code <data dir>/outbox} (the embedded run).
 */
@Component
class ReportMailer {

    private static final Logger log = LoggerFactory.getLogger(ReportMailer.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final JavaMailSender smtp;
    private final Path outbox;
    private final String from;

    public ReportMailer(ObjectProvider<JavaMailSender> smtp, AttendanceProperties props, ReportSettings settings) {
        this.smtp = smtp.getIfAvailable();
        this.outbox = props.dataDir().resolve("outbox").toAbsolutePath();
        this.from = settings.mailFrom();
    }

    public void send(String to, String subject, String text, List<Path> attachments) {
        try {
            MimeMessage message = smtp != null ? smtp.createMimeMessage() : new MimeMessage(Session.getInstance(new Properties()));
            MimeMessageHelper m = new MimeMessageHelper(message, true, "UTF-8");
            m.setFrom(from);
            m.setTo(to);
            m.setSubject(subject);
            m.setText(text);
            for (Path a : attachments) {
                m.addAttachment(a.getFileName().toString(), new FileSystemResource(a));
            }
            if (smtp != null) {
                smtp.send(message);
            } else {
                Files.createDirectories(outbox);
                // the sequence number: two mails to one person in the same millisecond (the whole list and a
                // department's part) must not overwrite each other
                Path file = outbox.resolve(System.currentTimeMillis() + "-" + SEQUENCE.incrementAndGet() + "-"
                        + to.replaceAll("[^A-Za-z0-9@._-]", "_") + ".eml");
                try (OutputStream out = Files.newOutputStream(file)) {
                    message.writeTo(out);
                }
                log.info("report mail for {} written to {}", to, file);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("report mail to " + to + " could not be built", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
