package edu.attendance.stream.sink;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchesTest {

    @Test
    void aRecordedBatchIsReadBackWithItsEnd() {
        OffsetAndMetadata pending = Batches.pending(120, 180);
        assertThat(pending.offset()).isEqualTo(120);
        assertThat(Batches.pendingUntil(pending)).isEqualTo(180);
    }

    @Test
    void aConfirmedOrForeignCommitHasNoPendingBatch() {
        assertThat(Batches.pendingUntil(null)).isEqualTo(-1);
        assertThat(Batches.pendingUntil(new OffsetAndMetadata(181))).isEqualTo(-1);
        assertThat(Batches.pendingUntil(new OffsetAndMetadata(181, "something else"))).isEqualTo(-1);
        assertThat(Batches.pendingUntil(new OffsetAndMetadata(181, "pending:x"))).isEqualTo(-1);
    }

    @Test
    void theTokenDependsOnlyOnTheRange() {
        assertThat(Batches.token("attendance.decisions", 3, 120, 180)).isEqualTo("attendance.decisions:3:120-180")
                .isEqualTo(Batches.token("attendance.decisions", 3, 120, 180))
                .isNotEqualTo(Batches.token("attendance.decisions", 3, 120, 181))
                .isNotEqualTo(Batches.token("attendance.decisions", 2, 120, 180));
    }
}
