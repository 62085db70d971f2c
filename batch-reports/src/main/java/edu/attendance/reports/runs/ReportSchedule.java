package edu.attendance.reports.runs;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.reports.ReportSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The scheduled reports (docs/rules.md): the at-risk list every morning and the trends every Monday, e-mailed to
 * their subscribers. A scheduled run is identified by its report and day, so when several instances fire
 * together Spring Batch lets one run and refuses the others; a failed one can be run again for the same day.
 * Cron expressions ({@link ReportSettings}) in the college's zone; "-" switches one off.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ReportSchedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ReportSchedule.class);

    private final JobOperator operator;
    private final List<Job> jobs;
    private final Clock clock;
    private final ZoneId zone;

    private final ReportSettings settings;

    public ReportSchedule(JobOperator operator, List<Job> jobs, Clock clock, AttendanceProperties props, ReportSettings settings) {
        this.operator = operator;
        this.jobs = jobs;
        this.clock = clock;
        this.zone = props.collegeZone();
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        schedule(registrar, settings.atRiskCron(), RunJobs.AT_RISK);
        schedule(registrar, settings.trendsCron(), RunJobs.TRENDS);
    }

    private void schedule(ScheduledTaskRegistrar registrar, String cron, String job) {
        if (!cron.equals(ReportSettings.NEVER)) {
            registrar.addCronTask(new CronTask(() -> run(job, LocalDate.now(clock.withZone(zone))), new CronTrigger(cron, zone)));
        }
    }

    /** Starts the scheduled run of {@code job} for {@code day} unless it ran (or runs) already; its execution. */
    public Optional<JobExecution> run(String job, LocalDate day) {
        Job j = jobs.stream().filter(x -> x.getName().equals(job)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no job " + job));
        try {
            JobExecution e = operator.start(j, new JobParametersBuilder()
                    .addString(DepartmentReportJob.DAY, day.toString())
                    .addString(DepartmentReportJob.DELIVER, "true")
                    .toJobParameters());
            log.info("scheduled {} report for {} started as run {}", job, day, e.getId());
            return Optional.of(e);
        } catch (JobInstanceAlreadyCompleteException | JobExecutionAlreadyRunningException
                 | DataIntegrityViolationException e) {
            // the last: another instance created the same job instance at the same moment (unique key)
            log.debug("scheduled {} report for {} ran elsewhere already: {}", job, day, e.getMessage());
            return Optional.empty();
        } catch (Exception e) {
            log.error("scheduled {} report for {} could not start", job, day, e);
            return Optional.empty();
        }
    }
}
