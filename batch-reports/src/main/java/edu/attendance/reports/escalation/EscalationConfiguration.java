package edu.attendance.reports.escalation;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The escalation steps' settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EscalationSettings.class)
class EscalationConfiguration {
}
