package edu.attendance.reports.runs;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.reports.ReportSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where a run's files live: {@code <data dir>/reports/runs/<runId>/}; only finished files are listed. */
@Component
class RunFiles {

    private static final Logger log = LoggerFactory.getLogger(RunFiles.class);

    private final Path root;

    private final Duration kept;
    private final Clock clock;

    public RunFiles(AttendanceProperties props, ReportSettings settings, Clock clock) {
        this.root = props.dataDir().resolve("reports").resolve("runs").toAbsolutePath();
        this.kept = settings.filesKept();
        this.clock = clock;
    }

    /** Daily: the files of runs older than {@code attendance.reports.files-kept} go (the run's record stays, without files). */
    @Scheduled(fixedDelay = 86_400_000, initialDelay = 300_000)
    void scheduledForget() {
        try {
            int n = forget();
            if (n > 0) {
                log.info("retention: removed the files of {} report runs older than {}", n, kept);
            }
        } catch (UncheckedIOException e) {
            log.warn("could not remove old report files: {}", e.toString());
        }
    }

    /** Removes the directories of runs whose files are all older than the retention; how many. */
    int forget() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Instant before = clock.instant().minus(kept);
        int removed = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                List<Path> files;
                try (Stream<Path> in = Files.list(d)) {
                    files = in.toList();
                }
                boolean old = !files.isEmpty(); // an empty directory is a run that has not written its files yet
                for (Path f : files) {
                    old &= Files.getLastModifiedTime(f).toInstant().isBefore(before);
                }
                if (old) {
                    for (Path f : files) {
                        Files.delete(f);
                    }
                    Files.delete(d);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return removed;
    }

    Path dir(long runId) {
        Path d = root.resolve(Long.toString(runId));
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /** The counts a run of {@code job} kept for the next one's "since the last report" ({@code <job>.counts.json}). */
    Path counts(long runId, String job) {
        return dir(runId).resolve(job + ".counts.json");
    }

    /** The counts kept by the latest earlier run of {@code job}, if any. */
    Optional<Path> previousCounts(long runId, String job) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> d.getFileName().toString().matches("\\d{1,18}"))
                    .filter(d -> Long.parseLong(d.getFileName().toString()) < runId)
                    .filter(d -> Files.isRegularFile(d.resolve(job + ".counts.json")))
                    .max(Comparator.comparingLong(d -> Long.parseLong(d.getFileName().toString())))
                    .map(d -> d.resolve(job + ".counts.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The run's files (PDF and XLSX), by name. */
    public List<String> list(long runId) {
        Path d = root.resolve(Long.toString(runId));
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(d)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pdf") || n.endsWith(".xlsx")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the run, if {@code name} is exactly one of them (nothing else on disk is reachable). */
    public Optional<Path> file(long runId, String name) {
        return list(runId).contains(name) ? Optional.of(root.resolve(Long.toString(runId)).resolve(name)) : Optional.empty();
    }
}
