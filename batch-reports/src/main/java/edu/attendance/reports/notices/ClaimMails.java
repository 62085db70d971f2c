package edu.attendance.reports.notices;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.reports.delivery.ReportMailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A decided absence claim is e-mailed to its student (docs/rules.md, "Absence claims"; the app and push are the
 * dashboard's): every half minute ({@code attendance.reports.claim-mails-every}), the claims decided in the last two days that were not mailed yet, each once (a row in
 * {@code claim_mails}; the instance that inserts it sends). Reads the claims from ingest's tables.
 */
@Component
class ClaimMails {

    private static final Logger log = LoggerFactory.getLogger(ClaimMails.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    private record Decided(UUID claimId, String email, String name, String kind, String status, String note, LocalDate from,
                           LocalDate to, int sessions) {
    }

    private final JdbcClient postgres;
    private final ReportMailer mailer;
    private final AttendanceProperties props;
    private final Clock clock;

    ClaimMails(JdbcClient postgres, ReportMailer mailer, AttendanceProperties props, Clock clock) {
        this.postgres = postgres;
        this.mailer = mailer;
        this.props = props;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${attendance.reports.claim-mails-every:30s}", initialDelayString = "${attendance.reports.claim-mails-every:30s}")
    void scheduled() {
        try {
            int sent = run();
            if (sent > 0) {
                log.info("claim decisions mailed: {}", sent);
            }
        } catch (RuntimeException e) {
            log.warn("claim decisions not mailed this time: {}", e.toString());
        }
    }

    /** One pass; how many mails went. */
    int run() {
        List<Decided> decided = postgres.sql("""
                        SELECT c.claim_id, c.student_email, coalesce(st.name, c.student_email), c.kind, c.status, c.decision_note,
                               c.from_date, c.to_date, (SELECT count(*) FROM absence_claim_sessions cs WHERE cs.claim_id = c.claim_id)
                        FROM absence_claims c LEFT JOIN students st ON st.email = c.student_email
                        WHERE c.status IN ('APPROVED', 'REJECTED') AND c.decided_at > ?
                          AND NOT EXISTS (SELECT 1 FROM claim_mails m WHERE m.claim_id = c.claim_id)
                        ORDER BY c.decided_at LIMIT 500""")
                .param(Timestamp.from(clock.instant().minus(Duration.ofDays(2))))
                .query((rs, i) -> new Decided(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getObject(8, LocalDate.class), rs.getInt(9)))
                .list();
        int sent = 0;
        for (Decided d : decided) {
            boolean mine = postgres.sql("INSERT INTO claim_mails (claim_id, mailed_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(d.claimId(), Timestamp.from(clock.instant())).update() == 1;
            if (mine) {
                mailer.send(d.email(), subject(d), text(d), List.of());
                sent++;
            }
        }
        // the claims' own retention removes them; their markers go with them
        postgres.sql("DELETE FROM claim_mails m WHERE NOT EXISTS (SELECT 1 FROM absence_claims c WHERE c.claim_id = m.claim_id)").update();
        return sent;
    }

    private static String kind(String kind) {
        return kind.equals("WAS_THERE") ? "“I was there”" : kind.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String days(Decided d) {
        return d.from().equals(d.to()) ? DAY.format(d.from()) : DAY.format(d.from()) + " – " + DAY.format(d.to());
    }

    static String subjectLine(String kind, String status, String days) {
        return "Your " + kind(kind) + " claim (" + days + ") was " + (status.equals("APPROVED") ? "approved" : "not approved");
    }

    private static String subject(Decided d) {
        return subjectLine(d.kind(), d.status(), days(d));
    }

    private String text(Decided d) {
        String body = d.status().equals("APPROVED")
                ? (d.kind().equals("WAS_THERE") ? "You are now marked present in that class."
                : "The " + d.sessions() + (d.sessions() == 1 ? " class" : " classes") + " it covers are excused where you were marked absent; "
                + "they no longer count against your attendance.")
                : "Your marks stay as they were.";
        return "Dear " + d.name() + ",\n\n" + body + (d.note() == null ? "" : "\n\nThe reviewer's note: " + d.note()) + "\n\n"
                + "Your claims and your attendance are in the app: " + props.reports().dashboardUrl() + "/#/claims\n";
    }
}
