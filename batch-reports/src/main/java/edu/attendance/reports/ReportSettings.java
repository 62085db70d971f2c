package edu.attendance.reports;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The report service's own settings ({@code attendance.reports.*}; the at-risk rules and the term, which the
 * dashboards share, are in the platform's settings): when the scheduled reports run, in the college's zone
 * ({@code -} = never), whom their mail comes from, and how long report runs' files (names and rates of students) and
 * unsent mails are kept.
 */
@Validated
@ConfigurationProperties("attendance.reports")
public record ReportSettings(@NotBlank @DefaultValue("0 0 7 * * *") String atRiskCron,
                             @NotBlank @DefaultValue("0 0 7 * * MON") String trendsCron,
                             @NotBlank @Email @DefaultValue("reports@attendance.local") String mailFrom,
                             @DefaultValue("90d") Duration filesKept) {

    public static final String NEVER = "-";

    public ReportSettings {
        for (String cron : new String[]{atRiskCron, trendsCron}) {
            if (cron != null && !cron.equals(NEVER) && !CronExpression.isValidExpression(cron)) {
                throw new IllegalArgumentException("not a cron expression (six fields, or - for never): " + cron);
            }
        }
    }
}
