package edu.attendance.reports.guardians;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

/**
 * Guardians ({@code attendance.guardians.*}; docs/rules.md, "Guardians"): the college's switch (off by default — a
 * college decides to tell parents), and when the weekly digest goes (college zone; {@code -} = never).
 */
@ConfigurationProperties("attendance.guardians")
public record GuardianSettings(@DefaultValue("false") boolean enabled, @DefaultValue("0 0 17 * * FRI") String digestCron) {

    public GuardianSettings {
        if (!"-".equals(digestCron) && !CronExpression.isValidExpression(digestCron)) {
            throw new IllegalArgumentException("attendance.guardians.digest-cron: not a cron expression (six fields, or - for never): " + digestCron);
        }
    }
}
