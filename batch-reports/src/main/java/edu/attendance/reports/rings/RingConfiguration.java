package edu.attendance.reports.rings;

import edu.attendance.platform.AttendanceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

/** The rings pass's settings, and its daily run at {@code attendance.rings.cron} in the college's zone. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RingSettings.class)
class RingConfiguration implements SchedulingConfigurer {

    private final Rings rings;
    private final RingSettings settings;
    private final AttendanceProperties props;

    RingConfiguration(Rings rings, RingSettings settings, AttendanceProperties props) {
        this.rings = rings;
        this.settings = settings;
        this.props = props;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(settings.cron())) {
            registrar.addCronTask(new CronTask(rings::daily, new CronTrigger(settings.cron(), props.collegeZone())));
        }
    }
}
