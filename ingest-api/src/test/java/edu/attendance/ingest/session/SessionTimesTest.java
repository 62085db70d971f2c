package edu.attendance.ingest.session;

import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rule 1's dates and times, at each boundary, in a college zone that is not UTC. */
class SessionTimesTest {

    static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    /** Tuesday 1 December 2026, 09:10 in Kolkata (03:40 UTC). */
    static final Instant NOW = Instant.parse("2026-12-01T03:40:00Z");
    static final LocalDate TUESDAY = LocalDate.parse("2026-12-01");

    static void refused(Runnable r, String detail) {
        assertThatThrownBy(r::run).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED))
                .hasMessageContaining(detail);
    }

    @Test
    void todayIsTheCollegesDay() {
        assertThat(SessionTimes.today(NOW, KOLKATA)).isEqualTo(TUESDAY);
        // 23:59 UTC on the 30th is already the 1st in Kolkata
        assertThat(SessionTimes.today(Instant.parse("2026-11-30T23:59:00Z"), KOLKATA)).isEqualTo(TUESDAY);
    }

    @Test
    void aPeriodClosesAtItsEndInTheCollegesZone() {
        assertThat(SessionTimes.periodCloses("P1", null, "TUE", "TUE", LocalTime.of(10, 0), NOW, KOLKATA))
                .isEqualTo(Instant.parse("2026-12-01T04:30:00Z"));
        assertThat(SessionTimes.periodCloses("P1", TUESDAY, "TUE", "TUE", LocalTime.of(9, 10, 1), NOW, KOLKATA))
                .isEqualTo(Instant.parse("2026-12-01T03:40:01Z"));
    }

    @Test
    void aPeriodOpensOnlyOnItsDayTodayAndBeforeItEnds() {
        refused(() -> SessionTimes.periodCloses("P1", TUESDAY.plusDays(7), "TUE", "TUE", LocalTime.of(10, 0), NOW, KOLKATA), "today is 2026-12-01");
        refused(() -> SessionTimes.periodCloses("P1", TUESDAY.minusDays(1), "MON", "MON", LocalTime.of(10, 0), NOW, KOLKATA), "on its day");
        refused(() -> SessionTimes.periodCloses("P1", null, "TUE", "WED", LocalTime.of(10, 0), NOW, KOLKATA), "is on WED; today follows TUE's timetable");
        refused(() -> SessionTimes.periodCloses("P1", null, "TUE", "TUE", LocalTime.of(9, 10), NOW, KOLKATA), "ended at 09:10");
        refused(() -> SessionTimes.periodCloses("P1", null, "TUE", "TUE", LocalTime.of(8, 0), NOW, KOLKATA), "ended at 08:00");
        // a Tuesday that follows Monday's timetable holds Monday's periods, not its own
        assertThat(SessionTimes.periodCloses("P1", null, "MON", "MON", LocalTime.of(10, 0), NOW, KOLKATA)).isEqualTo(Instant.parse("2026-12-01T04:30:00Z"));
        refused(() -> SessionTimes.periodCloses("P1", null, "MON", "TUE", LocalTime.of(10, 0), NOW, KOLKATA), "today follows MON's timetable");
    }

    @Test
    void anExtraSessionStartsNowForItsDuration() {
        assertThat(SessionTimes.extraCloses(null, 45, NOW, KOLKATA)).isEqualTo(NOW.plusSeconds(45 * 60));
        assertThat(SessionTimes.extraCloses(TUESDAY, 1, NOW, KOLKATA)).isEqualTo(NOW.plusSeconds(60));
        refused(() -> SessionTimes.extraCloses(TUESDAY.plusDays(1), 45, NOW, KOLKATA), "omit date");
    }
}
