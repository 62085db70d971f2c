package edu.attendance.reports;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report service's settings: defaults, "-" for never, and a cron that is not one refused at start. */
class ReportSettingsTest {

    static ReportSettings bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("attendance.reports", ReportSettings.class);
    }

    @Test
    void defaultsAreTheMorningListAndTheMondayTrends() {
        assertThat(bind(Map.of())).isEqualTo(new ReportSettings("0 0 7 * * *", "0 0 7 * * MON", "reports@attendance.local", Duration.ofDays(90)));
    }

    @Test
    void aDashSwitchesAReportOffAndABadCronIsRefused() {
        assertThat(bind(Map.of("attendance.reports.at-risk-cron", "-")).atRiskCron()).isEqualTo(ReportSettings.NEVER);
        assertThatThrownBy(() -> bind(Map.of("attendance.reports.trends-cron", "every monday")))
                .hasRootCauseInstanceOf(IllegalArgumentException.class).rootCause().hasMessageContaining("every monday");
    }
}
