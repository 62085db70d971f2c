package edu.attendance.reports.delivery;

import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** E-mails a finished run's files to the subscribers of its report. */
@Component
public class ReportDelivery {

    private final Subscriptions subscriptions;
    private final ReportMailer mailer;

    public ReportDelivery(Subscriptions subscriptions, ReportMailer mailer) {
        this.subscriptions = subscriptions;
        this.mailer = mailer;
    }

    /** Sends to every subscriber; how many were sent. */
    public int deliver(String job, String title, long runId, LocalDate day, List<Path> files) {
        List<String> to = subscriptions.subscribers(job);
        for (String address : to) {
            mailer.send(address, title + " · " + day, title + " for " + day + " (run " + runId + ") is attached as PDF and Excel.\n\n"
                    + "You receive it because you subscribed to the " + job + " report; unsubscribe with "
                    + "DELETE /api/v1/me/report-subscriptions/" + job + ".\n", files);
        }
        return to.size();
    }
}
