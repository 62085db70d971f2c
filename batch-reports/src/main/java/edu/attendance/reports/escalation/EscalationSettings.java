package edu.attendance.reports.escalation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

import java.util.List;

/**
 * The college's escalation steps ({@code attendance.escalation.*}; docs/rules.md, "Escalation"): each
 * {@code AUDIENCE:MEASURE:LEVEL}, and when the daily pass runs in the college's zone ({@code -} = never).
 */
@ConfigurationProperties("attendance.escalation")
record EscalationSettings(@DefaultValue({"STUDENT:IN_A_ROW:3", "TEACHER:IN_A_ROW:5", "OFFICE:BELOW:0.65"}) List<String> steps,
                          @DefaultValue("0 0 18 * * *") String cron) {

    EscalationSettings {
        steps.forEach(EscalationRules.Step::parse);
        if (!"-".equals(cron) && !CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException("attendance.escalation.cron: not a cron expression (six fields, or - for never): " + cron);
        }
    }

    List<EscalationRules.Step> parsed() {
        return steps.stream().map(EscalationRules.Step::parse).toList();
    }
}
