package edu.attendance.reports.runs;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

import static org.assertj.core.api.Assertions.assertThat;

class ReportRunsProgressTest {

    static JobExecution run(BatchStatus status) {
        JobExecution e = new JobExecution(7, new JobInstance(3, "at-risk"), new JobParameters());
        e.setStatus(status);
        return e;
    }

    static StepExecution collect(JobExecution e, int total, int done, BatchStatus status) {
        StepExecution s = new StepExecution(11, "at-risk-" + DepartmentReportJob.COLLECT, e);
        s.getExecutionContext().putInt(DepartmentReportJob.TOTAL, total);
        s.setReadCount(done);
        s.setStatus(status);
        e.addStepExecution(s);
        return s;
    }

    @Test
    void departmentsDoneOverDepartmentsThenOneWhenTheFilesAreWritten() {
        assertThat(ReportRuns.progress(run(BatchStatus.STARTING))).as("nothing started").isZero();
        JobExecution halfway = run(BatchStatus.STARTED);
        collect(halfway, 10, 5, BatchStatus.STARTED);
        assertThat(ReportRuns.progress(halfway)).isEqualTo(0.475);
        JobExecution rendering = run(BatchStatus.STARTED);
        collect(rendering, 10, 10, BatchStatus.COMPLETED);
        assertThat(ReportRuns.progress(rendering)).as("files still being written").isEqualTo(0.95);
        JobExecution empty = run(BatchStatus.STARTED);
        collect(empty, 0, 0, BatchStatus.STARTED);
        assertThat(ReportRuns.progress(empty)).isZero();
        assertThat(ReportRuns.progress(run(BatchStatus.COMPLETED))).isEqualTo(1.0);
    }
}
