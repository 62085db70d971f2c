package edu.attendance.reports.runs;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.reports.ReportSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Report runs' files (students' names and rates) go after {@code attendance.reports.files-kept}; younger runs stay. */
class RunFilesRetentionTest {

    @TempDir
    Path dir;

    @Test
    void runsWhoseFilesAreAllOlderThanTheRetentionGo() throws Exception {
        Instant now = Instant.parse("2026-12-06T10:00:00Z");
        AttendanceProperties props = new Binder(new MapConfigurationPropertySource(Map.of("attendance.data-dir", dir.toString())))
                .bindOrCreate("attendance", AttendanceProperties.class);
        RunFiles files = new RunFiles(props, new ReportSettings("-", "-", "reports@college.test", Duration.ofDays(90)),
                Clock.fixed(now, ZoneOffset.UTC));
        Path old = files.dir(1);
        Path young = files.dir(2);
        Path mixed = files.dir(3);
        write(old.resolve("at-risk.pdf"), now.minus(Duration.ofDays(91)));
        write(old.resolve("at-risk.counts.json"), now.minus(Duration.ofDays(91)));
        write(young.resolve("at-risk.pdf"), now.minus(Duration.ofDays(89)));
        write(mixed.resolve("trends.pdf"), now.minus(Duration.ofDays(120)));
        write(mixed.resolve("trends.xlsx"), now.minus(Duration.ofDays(1)));

        assertThat(files.forget()).isEqualTo(1);
        assertThat(old).doesNotExist();
        assertThat(files.list(2)).containsExactly("at-risk.pdf");
        assertThat(files.list(3)).as("a run is kept whole while any of its files is young").containsExactly("trends.pdf", "trends.xlsx");
        assertThat(files.forget()).isZero();
    }

    private static void write(Path file, Instant modified) throws Exception {
        Files.writeString(file, "x");
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }
}
