package edu.attendance.launcher;

import edu.attendance.dashboard.DashboardModule;
import edu.attendance.ingest.IngestModule;
import edu.attendance.reports.BatchReportsModule;
import edu.attendance.stream.StreamModule;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** All four services in one application context: one base URL for the whole API. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({IngestModule.class, StreamModule.class, DashboardModule.class, BatchReportsModule.class})
public class AttendancePlatform {
}
