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

    /**
     * Sends to every subscriber: the whole report ({@code files}) to those who asked for every department, one
     * department's files ({@code departmentFiles}) to those who asked for departments; how many mails were sent.
     */
    public int deliver(String job, String title, long runId, LocalDate day, List<Path> files,
                       java.util.function.Function<String, List<Path>> departmentFiles) {
        int sent = 0;
        for (Subscriptions.Subscription s : subscriptions.subscribers(job)) {
            boolean all = s.departmentId() == null;
            String what = all ? title : title + " · " + s.departmentId();
            mailer.send(s.email(), what + " · " + day, what + " for " + day + " (run " + runId + ") is attached as PDF and Excel.\n\n"
                    + "You receive it because you subscribed to the " + job + " report; unsubscribe with "
                    + "DELETE /api/v1/me/report-subscriptions/" + job + (all ? "" : "?departmentId=" + s.departmentId()) + ".\n",
                    all ? files : departmentFiles.apply(s.departmentId()));
            sent++;
        }
        return sent;
    }
}
