package edu.attendance.reports.delivery;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.reports.export.ReportWords;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

/** E-mails a finished run's files to the subscribers of its report. */
@Component
public class ReportDelivery {

    private final Subscriptions subscriptions;
    private final ReportMailer mailer;
    private final String dashboard;

    public ReportDelivery(Subscriptions subscriptions, ReportMailer mailer, AttendanceProperties props) {
        this.subscriptions = subscriptions;
        this.mailer = mailer;
        this.dashboard = props.reports().dashboardUrl();
    }

    /**
     * Sends to every subscriber: the whole report ({@code files}) to those who asked for every department, one
     * department's files ({@code departmentFiles}) to those who asked for departments, each mail opening with
     * {@code summary} of what it carries ({@code null}: the whole report); how many mails were sent.
     */
    public int deliver(String job, String title, long runId, LocalDate day, List<Path> files,
                       Function<String, String> summary,
                       Function<String, List<Path>> departmentFiles) {
        int sent = 0;
        String date = ReportWords.day(day);
        for (Subscriptions.Subscription s : subscriptions.subscribers(job)) {
            boolean all = s.departmentId() == null;
            String what = all ? title : title + " · " + s.departmentId();
            String body = what + " · " + date + "\n\n" + summary.apply(s.departmentId())
                    + "\nThe whole list is attached as PDF and Excel (run " + runId + ").\n\n"
                    + "You receive this because you subscribed to " + (all ? "the whole college's" : "department " + s.departmentId() + "'s")
                    + " " + (job.equals("trends") ? "weekly trends" : "daily at-risk list") + ". Change or stop it on the Reports page: "
                    + dashboard + "/#/runs\n";
            mailer.send(s.email(), what + " · " + date, body, all ? files : departmentFiles.apply(s.departmentId()));
            sent++;
        }
        return sent;
    }
}
