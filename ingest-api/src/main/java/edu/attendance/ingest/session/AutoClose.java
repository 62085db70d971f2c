package edu.attendance.ingest.session;

import edu.attendance.platform.AttendanceProperties;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Runs {@link Sessions#closeExpired} every {@code attendance.sessions.auto-close-interval}. */
@Component
class AutoClose implements SchedulingConfigurer {

    private final Sessions sessions;
    private final AttendanceProperties props;

    AutoClose(Sessions sessions, AttendanceProperties props) {
        this.sessions = sessions;
        this.props = props;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(sessions::closeExpired, props.sessions().autoCloseInterval());
    }
}
