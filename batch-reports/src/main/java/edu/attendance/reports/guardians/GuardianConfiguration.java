package edu.attendance.reports.guardians;

import edu.attendance.platform.AttendanceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

/** The guardians' settings, and their weekly digest at {@code attendance.guardians.digest-cron} in the college's zone. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GuardianSettings.class)
class GuardianConfiguration implements SchedulingConfigurer {

    private final GuardianDigests digests;
    private final GuardianSettings settings;
    private final AttendanceProperties props;

    GuardianConfiguration(GuardianDigests digests, GuardianSettings settings, AttendanceProperties props) {
        this.digests = digests;
        this.settings = settings;
        this.props = props;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (settings.enabled() && !"-".equals(settings.digestCron())) {
            registrar.addCronTask(new CronTask(digests::scheduled, new CronTrigger(settings.digestCron(), props.collegeZone())));
        }
    }
}
