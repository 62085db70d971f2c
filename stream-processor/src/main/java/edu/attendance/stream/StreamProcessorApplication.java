package edu.attendance.stream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** stream-processor as its own service (production). */
@SpringBootApplication(scanBasePackages = "edu.attendance.stream.none")
@Import(StreamModule.class)
public class StreamProcessorApplication {

    public static void main(String[] args) {
        SpringApplication.run(StreamProcessorApplication.class, args);
    }
}
