package edu.attendance.reports.runs;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Starts report runs and tells how they stand (ADMIN and MANAGEMENT). A run is a Spring Batch job
 * execution: its id is the run id, its history is in PostgreSQL, its files in {@link RunFiles}.
 */
@Component
class ReportRuns {

    public record FileLink(String name, String url) {
    }

    public record Run(String runId, String job, String status, double progress, Instant startedAt, Instant endedAt,
                      List<FileLink> files) {
    }

    private static final int START_ATTEMPTS = 3;

    private final JobOperator operator;
    private final JobRepository repository;
    private final Map<String, Job> jobs;
    private final RunFiles files;

    private final JdbcClient jdbc;

    public ReportRuns(JobOperator operator, JobRepository repository, List<Job> jobs, RunFiles files,
                      JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.operator = operator;
        this.repository = repository;
        this.jobs = jobs.stream().collect(Collectors.toMap(Job::getName, j -> j));
        this.files = files;
    }

    public String start(CurrentUser user, String jobName) {
        Job job = jobs.get(jobName);
        if (job == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "job must be one of " + jobs.keySet().stream().sorted().toList());
        }
        // each request its own job instance: two runs asked in the same millisecond by one person are two runs
        var parameters = new JobParametersBuilder()
                .addString("requestedBy", user.email())
                .addLong("requestedAt", System.currentTimeMillis())
                .addString("run", UUID.randomUUID().toString())
                .toJobParameters();
        for (int attempt = 1; ; attempt++) {
            try {
                return Long.toString(operator.start(job, parameters).getId());
            } catch (TaskRejectedException e) {
                throw new ApiException(ErrorCode.UNAVAILABLE, "too many report runs queued; try again later");
            } catch (Exception e) {
                if (!transientConflict(e)) {
                    throw new IllegalStateException("report run " + jobName + " could not start", e);
                }
                if (attempt == START_ATTEMPTS) {
                    throw new ApiException(ErrorCode.UNAVAILABLE, "the job repository is busy; try again in a moment");
                }
            }
        }
    }

    /** A serialization failure or deadlock between concurrent starts: worth starting again. */
    static boolean transientConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyFailureException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    public Run get(String runId) {
        JobExecution e = execution(runId);
        long id = e.getId();
        boolean done = e.getStatus() == BatchStatus.COMPLETED;
        List<FileLink> links = done ? files.list(id).stream()
                .map(n -> new FileLink(n, "/api/v1/reports/runs/" + id + "/files/" + n)).toList() : List.of();
        return new Run(Long.toString(id), e.getJobInstance().getJobName(), e.getStatus().name(), progress(e), instant(e.getStartTime()),
                instant(e.getEndTime()), links);
    }

    /** The runs of the platform's report jobs (one job, or all), newest first: at most {@code limit}, older than {@code before}. */
    public List<Run> list(String job, Long before, int limit) {
        if (job != null && !jobs.containsKey(job)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "job must be one of " + jobs.keySet().stream().sorted().toList());
        }
        List<String> names = job == null ? jobs.keySet().stream().sorted().toList() : List.of(job);
        List<Long> ids = jdbc.sql("""
                SELECT e.job_execution_id FROM batch_job_execution e
                JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
                WHERE i.job_name IN (:names) AND (CAST(:before AS bigint) IS NULL OR e.job_execution_id < :before)
                ORDER BY e.job_execution_id DESC LIMIT :limit
                """).param("names", names).param("before", before).param("limit", limit).query(Long.class).list();
        return ids.stream()
                .map(id -> get(Long.toString(id))).toList();
    }

    public Path file(String runId, String name) {
        JobExecution e = execution(runId);
        if (e.getStatus() != BatchStatus.COMPLETED) {
            throw new ApiException(ErrorCode.NOT_FOUND, "run " + runId + " has no files yet");
        }
        return files.file(e.getId(), name).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no file " + name + " in run " + runId));
    }

    private JobExecution execution(String runId) {
        long id;
        try {
            id = Long.parseLong(runId);
        } catch (NumberFormatException ex) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no run " + runId);
        }
        JobExecution e;
        try {
            e = repository.getJobExecution(id);
        } catch (EmptyResultDataAccessException ex) {
            e = null; // the JDBC repository throws where the interface says null
        }
        if (e == null || !jobs.containsKey(e.getJobInstance().getJobName())) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no run " + runId);
        }
        return e;
    }

    /** Departments collected over departments to collect; 1 once the files are written. */
    static double progress(JobExecution e) {
        if (e.getStatus() == BatchStatus.COMPLETED) {
            return 1.0;
        }
        for (StepExecution s : e.getStepExecutions()) {
            if (s.getStepName().endsWith("-" + DepartmentReportJob.COLLECT)) {
                int total = s.getExecutionContext().getInt(DepartmentReportJob.TOTAL, 0);
                if (s.getStatus() == BatchStatus.COMPLETED) {
                    return 0.95;
                }
                return total == 0 ? 0.0 : Math.min(0.95, 0.95 * s.getReadCount() / total);
            }
        }
        return 0.0;
    }

    private static Instant instant(LocalDateTime t) {
        return t == null ? null : t.atZone(ZoneId.systemDefault()).toInstant();
    }
}
