package edu.attendance.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** ingest-api as its own service (production): Kafka, PostgreSQL and ClickHouse are external. */
@SpringBootApplication(scanBasePackages = "edu.attendance.ingest.none")
@Import(IngestModule.class)
public class IngestApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestApiApplication.class, args);
    }
}
