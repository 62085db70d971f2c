package edu.attendance.platform.disk;

import edu.attendance.platform.AttendanceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The free space of the file systems the data directory and its engines' directories are on (the embedded run's broker
 * log, PostgreSQL and ClickHouse write there; the least of them counts): below {@code attendance.disk.min-free} it is {@link #low()} — capture refuses new marks with 503
 * (the phone keeps them and sends them later) before the broker would fail on a full disk and take every service with
 * it — and the health says so. Measured at most once a second (one {@code statvfs}), so asking per request is cheap.
 */
public class DataDisk implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DataDisk.class);
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** {@code attendance.disk.*}: the free space below which marks are refused (0: never). */
    @ConfigurationProperties("attendance.disk")
    public record Settings(@DefaultValue("512MB") DataSize minFree) {
    }

    private final Path path;
    private final long minFree;
    private final LongSupplier usable;
    private final LongSupplier nanoTime;
    private volatile long checkedAt;
    private volatile long free = Long.MAX_VALUE;
    private volatile boolean low;

    public DataDisk(AttendanceProperties props, Settings settings) {
        this(props.dataDir(), settings.minFree().toBytes(), null, System::nanoTime);
    }

    /** {@code usable}: the free bytes (null: the file system's); {@code nanoTime}: the ticker (tests give their own). */
    DataDisk(Path path, long minFree, LongSupplier usable, LongSupplier nanoTime) {
        this.path = path.toAbsolutePath();
        this.minFree = minFree;
        this.usable = usable != null ? usable : () -> usableOf(this.path);
        this.nanoTime = nanoTime;
        this.checkedAt = nanoTime.getAsLong() - EVERY_NANOS;
    }

    /** Whether the free space is below the minimum (as measured within the last second). */
    public boolean low() {
        if (minFree <= 0) {
            return false;
        }
        long now = nanoTime.getAsLong();
        if (now - checkedAt >= EVERY_NANOS) {
            checkedAt = now;
            long bytes = usable.getAsLong();
            boolean wasLow = low;
            free = bytes;
            low = bytes >= 0 && bytes < minFree;
            if (low != wasLow) {
                if (low) {
                    log.error("{} has {} MB free, below attendance.disk.min-free ({} MB): marks are refused until space is freed",
                            path, bytes >> 20, minFree >> 20);
                } else {
                    log.warn("{} has {} MB free again: marks are accepted", path, bytes >> 20);
                }
            }
        }
        return low;
    }

    @Override
    public Health health() {
        boolean isLow = low();
        Health.Builder h = isLow ? Health.outOfService() : Health.up();
        return h.withDetail("path", path.toString()).withDetail("free", free).withDetail("minFree", minFree).build();
    }

    /**
     * The least free space among the data directory and the engines' directories in it — each may be a file system of
     * its own (a volume for the broker's log, another for ClickHouse): the first of them to fill is the one that fails.
     */
    private static long usableOf(Path path) {
        long least = Long.MAX_VALUE;
        boolean known = false;
        for (Path dir : List.of(path, path.resolve("kafka"), path.resolve("clickhouse"), path.resolve("postgres"), path.resolve("reports"))) {
            long bytes = storeUsable(dir);
            if (bytes >= 0) {
                least = Math.min(least, bytes);
                known = true;
            }
        }
        return known ? least : -1;
    }

    private static long storeUsable(Path path) {
        try {
            Path p = path;
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            if (p == null) {
                return -1;
            }
            FileStore store = Files.getFileStore(p);
            return store.getUsableSpace();
        } catch (IOException e) {
            return -1; // unknown: not a reason to refuse
        }
    }
}
