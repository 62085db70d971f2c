package edu.attendance.reports;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** batch-reports as its own service (production): exports, report runs, scheduled e-mail. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BatchReportsModule.class)
class BatchReportsApplication {

    public static void main(String[] args) {
        SpringApplication.run(BatchReportsApplication.class, args);
    }
}
