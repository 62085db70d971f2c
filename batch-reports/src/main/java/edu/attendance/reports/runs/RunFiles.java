package edu.attendance.reports.runs;

import edu.attendance.platform.AttendanceProperties;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where a run's files live: {@code <data dir>/reports/runs/<runId>/}; only finished files are listed. */
@Component
class RunFiles {

    private final Path root;

    public RunFiles(AttendanceProperties props) {
        this.root = props.dataDir().resolve("reports").resolve("runs").toAbsolutePath();
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
