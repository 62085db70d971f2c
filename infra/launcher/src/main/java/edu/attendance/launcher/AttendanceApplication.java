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
import reactor.netty.resources.LoopResources;

/** All four services in one application context: one base URL for the whole API. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({IngestModule.class, StreamModule.class, DashboardModule.class, BatchReportsModule.class})
class AttendanceApplication {

    /**
     * Netty event loops owned by this application, not Reactor's JVM-wide ones: closing one application (tests and
     * benchmarks start several in one JVM) must not dispose of the loops another one serves on. One loop per core
     * (Reactor's default is at least four): the loops share the cores with the broker, the stream and the sinks, and
     * more runnable threads than cores only add switches.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        factory.setLoopResourcesSupplier(() -> LoopResources.create("http", Runtime.getRuntime().availableProcessors(), true));
        return factory;
    }
}
