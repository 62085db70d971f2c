package edu.attendance.ingest.device;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The device module's settings: the Play Integrity keys, when the college checks Android phones' tokens. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PlayIntegrity.Settings.class)
class DeviceConfiguration {

    @Bean
    PlayIntegrity playIntegrity(PlayIntegrity.Settings settings, Clock clock) {
        return new PlayIntegrity(settings, clock);
    }
}
