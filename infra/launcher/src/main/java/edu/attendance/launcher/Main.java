package edu.attendance.launcher;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ./attendance run}: starts the engines and every service on one base URL, prints it with the
 * dev-login accounts, and stops everything cleanly on Ctrl-C. Data stays in {@code ATTENDANCE_DATA_DIR}
 * (default {@code ./data}) across restarts.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Path data = Path.of(env("ATTENDANCE_DATA_DIR", "data"));
        int port = Integer.parseInt(env("ATTENDANCE_PORT", "8080"));
        System.out.println("Starting the attendance platform (data in " + data.toAbsolutePath() + ") …");
        Platform platform = Platform.start(new Platform.Options(data, port, Map.of()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping …");
            platform.close();
            System.out.println("Stopped. Data kept in " + platform.dataDir());
        }, "attendance-shutdown"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        JdbcTemplate pg = platform.context().getBean(JdbcTemplate.class);
        String admin = platform.context().getEnvironment().getProperty("attendance.bootstrap-admin", "admin@college.test");
        List<String> teachers = pg.queryForList("SELECT email FROM teachers ORDER BY email LIMIT 3", String.class);
        List<String> students = pg.queryForList("SELECT email FROM students ORDER BY email LIMIT 3", String.class);
        System.out.printf("""

                Attendance platform ready at %s  (%.1f s, %d MiB resident: JVM + PostgreSQL + chDB)
                  health:    %s/actuator/health
                  dev login: POST %s/api/v1/auth/dev-login {"email":"…"}
                    admin     %s
                    teachers  %s
                    students  %s
                Ctrl-C stops everything.
                """, platform.baseUrl(), seconds, platform.memoryMib(false), platform.baseUrl(), platform.baseUrl(), admin,
                teachers.isEmpty() ? "(import the roster first)" : String.join(", ", teachers),
                students.isEmpty() ? "(import the roster first)" : String.join(", ", students));
        Thread.currentThread().join();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
