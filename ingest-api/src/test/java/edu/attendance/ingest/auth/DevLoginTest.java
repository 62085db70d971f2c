package edu.attendance.ingest.auth;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.security.AuthSettings;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dev login exists only where it is switched on; elsewhere the route answers NOT_FOUND (404). */
public class DevLoginTest {

    /** Settings as the defaults give them (the capture tests take them too). */
    public static AttendanceProperties props() {
        return new AttendanceProperties(Path.of("data"), ZoneOffset.UTC, "admin@college.test",
                new AttendanceProperties.Capture(50, List.of(), List.of(), 150, 1000, Duration.ofHours(2), 20, 30, 3000, AttendanceProperties.Capture.Claims.LOCAL),
                new AttendanceProperties.Kafka(6, (short) 1),
                new AttendanceProperties.ClickHouse("jdbc:clickhouse://127.0.0.1:8123/attendance", "attendance", "default", "", true, ""),
                new AttendanceProperties.Analytics(0.75, 3, 0.15, Duration.ofDays(14), null, null, "http://localhost:8080"),
                AttendanceProperties.Profile.DEVELOPMENT);
    }

    static AuthSettings auth(boolean devLogin) {
        return new AuthSettings(devLogin, null, "", Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofSeconds(30), "attendance-platform", "", "/",
                new AuthSettings.Google("https://accounts.google.com", "", List.of()), 50_000, 200_000);
    }

    @Test
    void switchedOffItAnswersNotFoundWithoutLookingAnyoneUp() {
        AuthController controller = new AuthController(null, null, null, auth(false), null, null, null, null, null, null);
        assertThatThrownBy(() -> controller.devLogin(new AuthController.DevLoginRequest("admin@college.test", null), null).block())
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

}
