package edu.attendance.platform;

import edu.attendance.platform.web.ProblemHandler;
import edu.attendance.platform.web.UnreadBodyGuard;
import edu.attendance.platform.security.SecurityConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** What an HTTP service with accounts stands on: the platform, security (JWT, roles), one problem+json mapping. */
@Configuration(proxyBeanMethods = false)
@Import({PlatformConfiguration.class, SecurityConfiguration.class, ProblemHandler.class, UnreadBodyGuard.class})
public class WebPlatformConfiguration {
}
