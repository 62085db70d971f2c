package edu.attendance.launcher;

import edu.attendance.dashboard.DashboardModule;
import edu.attendance.ingest.IngestModule;
import edu.attendance.reports.BatchReportsModule;
import edu.attendance.stream.StreamModule;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ReactorResourceFactory;

/** All four services in one application context: one base URL for the whole API. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({IngestModule.class, StreamModule.class, DashboardModule.class, BatchReportsModule.class})
public class AttendancePlatform {

    /**
     * Netty event loops owned by this platform, not Reactor's JVM-wide ones: closing one platform (tests
     * and benchmarks start several in one JVM) must not dispose the loops another one serves on.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
