package edu.attendance.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ending the processes the tests start (a service, a proxy), keeping their logs. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /**
     * Asks the process to stop, kills it if it has not within {@code grace}, and copies {@code log} (if there) into the
     * build's test reports as {@code keptAs}: the test's directory is deleted afterwards.
     */
    public static void stop(Process process, Duration grace, Path log, String keptAs) throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Path reports = Path.of("target", "failsafe-reports");
        if (Files.isDirectory(reports) && Files.exists(log)) {
            Files.copy(log, reports.resolve(keptAs), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
