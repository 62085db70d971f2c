package edu.attendance.reports.delivery;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.reports.ReportSettings;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
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
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a report with its files attached: over SMTP when {@code spring.mail.host} is set (the college's
 * mail server), otherwise as {@code .eml} files in {@code <data dir>/outbox} (the embedded run).
 */
@Component
public class ReportMailer {

    private static final Logger log = LoggerFactory.getLogger(ReportMailer.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final JavaMailSender smtp;
    private final Path outbox;
    private final String from;

    public ReportMailer(ObjectProvider<JavaMailSender> smtp, AttendanceProperties props, ReportSettings settings,
                        @Value("${spring.mail.host:}") String mailHost) {
        // a deployment file's empty SPRING_MAIL_HOST still makes Spring build a sender, one that cannot send
        this.smtp = mailHost.isBlank() ? null : smtp.getIfAvailable();
        refusal(props.profile(), this.smtp != null, settings).ifPresent(r -> {
            throw new IllegalStateException("refusing to start with ATTENDANCE_PROFILE=production:\n  - " + r);
        });
        this.outbox = props.dataDir().resolve("outbox").toAbsolutePath();
        this.from = settings.mailFrom();
    }

    /**
     * In production, scheduled reports with no mail server would silently become files nobody reads: refused, with
     * what mends it. The embedded run (DEVELOPMENT) writes them to its outbox folder.
     */
    static Optional<String> refusal(AttendanceProperties.Profile profile, boolean smtp, ReportSettings settings) {
        boolean scheduled = !settings.atRiskCron().equals(ReportSettings.NEVER) || !settings.trendsCron().equals(ReportSettings.NEVER);
        if (profile == AttendanceProperties.Profile.PRODUCTION && scheduled && !smtp) {
            return Optional.of("scheduled reports are on but no mail server is set: set SPRING_MAIL_HOST (and _PORT, _USERNAME, "
                    + "_PASSWORD), or ATTENDANCE_REPORTS_AT_RISK_CRON and ATTENDANCE_REPORTS_TRENDS_CRON to - for none");
        }
        return Optional.empty();
    }

    /** Whether mail goes to a mail server (else to the data directory's outbox folder). */
    public boolean sends() {
        return smtp != null;
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
