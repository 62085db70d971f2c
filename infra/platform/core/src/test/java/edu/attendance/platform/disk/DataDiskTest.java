package edu.attendance.platform.disk;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DataDiskTest {

    static final long MB = 1 << 20;
    final AtomicLong free = new AtomicLong(600 * MB);
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final DataDisk disk = new DataDisk(Path.of("data"), 512 * MB, free::get, nanos::get);

    @Test
    void lowBelowTheMinimumAndUpAgainAboveIt() {
        assertThat(disk.low()).isFalse();
        assertThat(disk.health().getStatus()).isEqualTo(Status.UP);
        free.set(100 * MB);
        tick(1);
        assertThat(disk.low()).isTrue();
        assertThat(disk.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(disk.health().getDetails()).containsEntry("free", 100 * MB).containsEntry("minFree", 512 * MB);
        free.set(513 * MB);
        tick(1);
        assertThat(disk.low()).isFalse();
    }

    @Test
    void measuredAtMostOnceASecond() {
        assertThat(disk.low()).isFalse();
        free.set(0);
        tick(0.5);
        assertThat(disk.low()).as("the last second's measure").isFalse();
        tick(0.5);
        assertThat(disk.low()).isTrue();
    }

    @Test
    void anUnknownFreeSpaceOrNoMinimumRefusesNothing() {
        free.set(-1);
        assertThat(disk.low()).isFalse();
        DataDisk never = new DataDisk(Path.of("data"), 0, () -> 0, nanos::get);
        assertThat(never.low()).isFalse();
    }

    @Test
    void theRealFileSystemIsMeasured() {
        DataDisk real = new DataDisk(Path.of("target", "no-such-dir", "data"), 1, null, System::nanoTime);
        assertThat(real.low()).as("a machine with a byte free").isFalse();
        assertThat((long) real.health().getDetails().get("free")).isPositive();
        DataDisk huge = new DataDisk(Path.of("target"), Long.MAX_VALUE, null, System::nanoTime);
        assertThat(huge.low()).isTrue();
    }

    private void tick(double seconds) {
        nanos.addAndGet((long) (seconds * TimeUnit.SECONDS.toNanos(1)));
    }
}
