package edu.attendance.reports.runs;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class ReportRunsConflictTest {

    @Test
    void aSerializationFailureOrDeadlockAnywhereInTheCauseIsWorthAnotherStart() {
        assertThat(ReportRuns.transientConflict(new IllegalStateException(new SQLException("could not serialize access", "40001")))).isTrue();
        assertThat(ReportRuns.transientConflict(new RuntimeException(new SQLException("deadlock detected", "40P01")))).isTrue();
        assertThat(ReportRuns.transientConflict(new CannotAcquireLockException("lock"))).isTrue();
        assertThat(ReportRuns.transientConflict(new PessimisticLockingFailureException("lock"))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(ReportRuns.transientConflict(new DataIntegrityViolationException("duplicate key"))).isFalse();
        assertThat(ReportRuns.transientConflict(new RuntimeException(new SQLException("syntax", "42601")))).isFalse();
        assertThat(ReportRuns.transientConflict(new RuntimeException(new SQLException("no state")))).isFalse();
        assertThat(ReportRuns.transientConflict(new IllegalStateException("boom"))).isFalse();
    }
}
