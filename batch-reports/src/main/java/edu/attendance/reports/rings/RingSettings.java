package edu.attendance.reports.rings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

import java.time.Duration;
import java.util.List;

/**
 * The rings pass ({@code attendance.rings.*}; docs/rules.md, "Rings"): when it runs in the college's zone ({@code -}:
 * never; {@code POST /api/v1/rings/run} runs it now), how much history it reads, the rules' three numbers
 * ({@link RingRules.Settings}), how long a cleared ring rests before it may be listed again, and how long a ring found
 * no more is kept.
 */
@ConfigurationProperties("attendance.rings")
record RingSettings(@DefaultValue("0 30 2 * * *") String cron,
                    @DefaultValue("P56D") Duration window,
                    @DefaultValue({"PT10S", "PT15S", "PT30S"}) List<Duration> together,
                    @DefaultValue("8") int minShared,
                    @DefaultValue("8") double minSurprise,
                    @DefaultValue("P30D") Duration clearedRests,
                    @DefaultValue("P180D") Duration keep) {

    RingSettings {
        if (!"-".equals(cron) && !CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException("attendance.rings.cron: not a cron expression (six fields, or - for never): " + cron);
        }
        if (window.isNegative() || window.isZero() || together.isEmpty() || together.stream().anyMatch(t -> t.isNegative() || t.isZero()) || minShared < 2 || minSurprise <= 0
                || clearedRests.isNegative() || keep.compareTo(window) < 0) {
            throw new IllegalArgumentException("attendance.rings: window and every together > 0, min-shared ≥ 2, min-surprise > 0, "
                    + "cleared-rests ≥ 0, keep ≥ window");
        }
    }

    RingRules.Settings rules() {
        return new RingRules.Settings(together, minShared, minSurprise);
    }
}
