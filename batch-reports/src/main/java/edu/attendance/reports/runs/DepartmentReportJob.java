package edu.attendance.reports.runs;

import edu.attendance.contracts.JsonSerde;
import edu.attendance.reports.delivery.ReportDelivery;
import edu.attendance.reports.export.ReportWords;
import edu.attendance.reports.export.TableRenderer;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A report run over every department, as a Spring Batch job of three steps: {@code collect} works one
 * department per transaction (its read count over the number of departments is the run's progress; each
 * department's rows go to a file of their own in the run's directory), then {@code render} writes the PDF and
 * the XLSX (each written aside and moved into place, so a listed file is always whole), then {@code deliver}
 * e-mails them to the report's subscribers when the run is a scheduled one — a subscriber of one department
 * gets that department's rows only — and removes the parts.
 */
final class DepartmentReportJob {

    static final String COLLECT = "collect";
    static final String TOTAL = "total";
    /** Job parameters of scheduled runs: the day they are for (one run per report and day) and delivery. */
    static final String DAY = "day";
    static final String DELIVER = "deliver";
    private static final String PART = "part-";

    private DepartmentReportJob() {
    }

    /** A report's kind of row: its class (rows are kept as JSON lines between the steps) and the department it is of. */
    record Rows<R>(Class<R> type, Function<R, String> department) {
    }

    /**
     * @param rows     the report's kind of row, how it is written between the steps and which department it is of
     * @param rowsOf   a department's rows
     * @param title    the report's title
     */
    static <R> Job build(String name, JobRepository repository, PlatformTransactionManager tx, RunFiles files,
                         Supplier<List<String>> departments, Rows<R> rows, Function<String, List<R>> rowsOf,
                         TableRenderer<R> renderer, String title, ReportDelivery delivery, ZoneId zone, Digest<R> digest) {
        var collect = new StepBuilder(name + "-" + COLLECT, repository).tasklet((contribution, chunk) -> {
            StepExecution step = chunk.getStepContext().getStepExecution();
            List<String> all = departments.get();
            step.getExecutionContext().putInt(TOTAL, all.size());
            int next = (int) step.getReadCount();
            if (next >= all.size()) {
                return RepeatStatus.FINISHED;
            }
            List<R> part = rowsOf.apply(all.get(next));
            // one file per department, overwritten if a crashed iteration is repeated: nothing counted twice
            write(files.dir(step.getJobExecutionId()).resolve(PART + String.format("%06d", next) + ".jsonl"), part);
            contribution.incrementReadCount();
            contribution.incrementWriteCount(part.size());
            return RepeatStatus.CONTINUABLE;
        }, tx).build();
        var render = new StepBuilder(name + "-render", repository).tasklet((contribution, chunk) -> {
            long runId = chunk.getStepContext().getStepExecution().getJobExecutionId();
            Path dir = files.dir(runId);
            write(dir, name, title, runId, read(dir, rows.type()), renderer, zone);
            return RepeatStatus.FINISHED;
        }, tx).build();
        // scheduled runs (parameter deliver=true) e-mail the files to the report's subscribers: the whole report, or
        // one department's part of it (rendered here, once per department asked for); then the parts go
        var deliver = new StepBuilder(name + "-deliver", repository).tasklet((contribution, chunk) -> {
            StepExecution step = chunk.getStepContext().getStepExecution();
            var parameters = step.getJobExecution().getJobParameters();
            long runId = step.getJobExecutionId();
            Path dir = files.dir(runId);
            if ("true".equals(parameters.getString(DELIVER))) {
                List<Path> whole = TableRenderer.filesOf(dir, name);
                List<R> all = read(dir, rows.type());
                Map<String, List<Path>> byDepartment = new HashMap<>();
                String day = parameters.getString(DAY);
                Map<String, Integer> before = files.previousCounts(runId, name).map(DepartmentReportJob::readCounts).orElse(Map.of());
                Files.writeString(files.counts(runId, name), JsonSerde.MAPPER.writeValueAsString(digest.counts(all)));
                int sent = delivery.deliver(name, title, runId, day == null ? LocalDate.now(zone) : LocalDate.parse(day),
                        whole, department -> digest.text(department == null ? all
                                : all.stream().filter(r -> department.equals(rows.department().apply(r))).toList(), before, department),
                        department -> byDepartment.computeIfAbsent(department, d -> {
                            String base = name + "-" + d.replaceAll("[^A-Za-z0-9._-]", "_");
                            List<R> mine = all.stream().filter(r -> d.equals(rows.department().apply(r))).toList();
                            try {
                                write(dir, base, title + " · " + d, runId, mine, renderer, zone);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            return TableRenderer.filesOf(dir, base);
                        }));
                step.getExecutionContext().putInt("sent", sent);
            }
            try (var parts = Files.list(dir)) {
                for (Path p : parts.filter(p -> p.getFileName().toString().startsWith(PART)).toList()) {
                    Files.delete(p);
                }
            }
            return RepeatStatus.FINISHED;
        }, tx).build();
        return new JobBuilder(name, repository).start(collect).next(render).next(deliver).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> readCounts(Path file) {
        try {
            Map<String, Object> raw = JsonSerde.MAPPER.readValue(Files.readString(file), Map.class);
            Map<String, Integer> counts = new LinkedHashMap<>();
            raw.forEach((k, v) -> counts.put(k, ((Number) v).intValue()));
            return counts;
        } catch (IOException | RuntimeException e) {
            return Map.of(); // an unreadable earlier file: no comparison rather than no mail
        }
    }

    /** Renders {@code rows} as {@code <base>.pdf} and {@code <base>.xlsx}. */
    private static <R> void write(Path dir, String base, String title, long runId, List<R> rows, TableRenderer<R> renderer,
                              ZoneId zone) throws IOException {
        String subtitle = rows.size() + (rows.size() == 1 ? " row" : " rows") + " · run " + runId + " · generated "
                + ReportWords.when(Instant.now(), zone);
        renderer.writeAll(dir, base, title, subtitle, rows);
    }

    private static <R> void write(Path file, List<R> rows) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (R row : rows) {
                w.write(JsonSerde.MAPPER.writeValueAsString(row));
                w.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <R> List<R> read(Path dir, Class<R> type) throws IOException {
        List<R> rows = new ArrayList<>();
        List<Path> parts;
        try (var list = Files.list(dir)) {
            parts = list.filter(p -> p.getFileName().toString().startsWith(PART)).sorted().toList();
        }
        for (Path part : parts) {
            for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                rows.add(JsonSerde.MAPPER.readValue(line, type));
            }
        }
        return rows;
    }
}
