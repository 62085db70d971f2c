package edu.attendance.stream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * stream-processor as its own service (production, and the fault tests that kill it): Kafka and ClickHouse
 * only — it keeps no operational data and serves no API: no PostgreSQL, no security, only {@code /actuator}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(StreamModule.class)
class StreamProcessorApplication {

    public static void main(String[] args) {
        SpringApplication.run(StreamProcessorApplication.class, args);
    }
}
