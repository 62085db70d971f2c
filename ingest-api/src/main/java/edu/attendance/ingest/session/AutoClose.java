package edu.attendance.ingest.session;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Runs {@link Sessions#closeExpired} every {@code attendance.sessions.auto-close-interval}. */
@Component
class AutoClose implements SchedulingConfigurer {

    private final Sessions sessions;
    private final SessionSettings settings;

    AutoClose(Sessions sessions, SessionSettings settings) {
        this.sessions = sessions;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(sessions::closeExpired, settings.autoCloseInterval());
    }
}
