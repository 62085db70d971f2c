package edu.attendance.engines.chdb;

import java.nio.file.Path;

/** Where {@code libchdb.so} is: {@code attendance.chdb.library}, {@code ATTENDANCE_CHDB_LIB}, or the cache. */
public final class ChdbLibrary {

    /** The pinned chDB version; {@code ./attendance fetch} downloads exactly this one. */
    public static final String VERSION = "26.7.3-stable.1";

    private ChdbLibrary() {
    }

    public static Path locate() {
        String configured = System.getProperty("attendance.chdb.library");
        if (configured == null || configured.isBlank() || configured.startsWith("${")) {
            configured = System.getenv("ATTENDANCE_CHDB_LIB");
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String cache = System.getenv("ATTENDANCE_CACHE");
        Path base = cache != null && !cache.isBlank()
                ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "attendance");
        return base.resolve("chdb").resolve(VERSION).resolve("libchdb.so");
    }
}
