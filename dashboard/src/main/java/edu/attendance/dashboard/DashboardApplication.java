package edu.attendance.dashboard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** dashboard as its own service (production). */
@SpringBootApplication(scanBasePackages = "edu.attendance.dashboard.none")
@Import(DashboardModule.class)
public class DashboardApplication {

    public static void main(String[] args) {
        SpringApplication.run(DashboardApplication.class, args);
    }
}
