package edu.attendance.reports.escalation;

import edu.attendance.platform.AttendanceProperties;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/** The escalation pass at {@code attendance.escalation.cron} in the college's zone ({@code -}: never). */
@Component
class EscalationSchedule implements SchedulingConfigurer {

    private final Escalations escalations;
    private final EscalationSettings settings;
    private final AttendanceProperties props;

    EscalationSchedule(Escalations escalations, EscalationSettings settings, AttendanceProperties props) {
        this.escalations = escalations;
        this.settings = settings;
        this.props = props;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(settings.cron())) {
            registrar.addCronTask(new CronTask(escalations::daily, new CronTrigger(settings.cron(), props.collegeZone())));
        }
    }
}
