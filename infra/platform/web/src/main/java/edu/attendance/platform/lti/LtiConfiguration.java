package edu.attendance.platform.lti;

import edu.attendance.platform.AttendanceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

/** The tool's keys and its client for the LMS's services, shared by the modules that speak to an LMS (docs/lms.md). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LtiSettings.class)
public class LtiConfiguration {

    /** Read (or made) on first use: a service that never meets an LMS never writes the key file. */
    @Bean
    @Lazy
    LtiToolKeys ltiToolKeys(LtiSettings settings, AttendanceProperties props, Clock clock) {
        return new LtiToolKeys(settings.toolKeyFile(props.dataDir()), clock);
    }

    @Bean
    @Lazy
    LtiServices ltiServices(LtiToolKeys keys, LtiSettings settings, JsonMapper json, Clock clock) {
        return new LtiServices(keys, settings.callTimeout(), json, clock);
    }
}
