package edu.attendance.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** ingest-api as its own service (production): Kafka, PostgreSQL and ClickHouse are external. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(IngestModule.class)
public class IngestApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestApiApplication.class, args);
    }
}
