package edu.attendance.dashboard;

import edu.attendance.platform.PlatformConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/** The dashboard module: live views and read-side reports. */
@Configuration(proxyBeanMethods = false)
@Import(PlatformConfiguration.class)
@ComponentScan(basePackageClasses = DashboardModule.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class DashboardModule {
}
