package edu.attendance.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of processes, from /proc (Linux). */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** VmRSS (current) or VmHWM (peak) of a process and its descendants, in KiB; 0 where unreadable. */
    public static long kib(long pid, boolean peak) {
        long total = own(pid, peak ? "VmHWM:" : "VmRSS:");
        total += ProcessHandle.of(pid).map(h -> h.descendants().mapToLong(d -> own(d.pid(), peak ? "VmHWM:" : "VmRSS:")).sum())
                .orElse(0L);
        return total;
    }

    private static long own(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or not Linux
        }
        return 0;
    }
}
