package edu.attendance.dashboard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** dashboard as its own service (production). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DashboardModule.class)
class DashboardApplication {

    public static void main(String[] args) {
        SpringApplication.run(DashboardApplication.class, args);
    }
}
