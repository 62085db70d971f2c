package edu.attendance.analytics;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MonthSplitTest {

    @Test
    void wholeMonthsAndTheDaysAroundThemCoverTheSpanExactlyOnce() {
        LocalDate start = LocalDate.parse("2027-01-20");
        int spans = 0;
        for (int a = 0; a < 430; a++) {
            for (int b = a; b < 430; b += 3) {
                LocalDate from = start.plusDays(a);
                LocalDate to = start.plusDays(b);
                HistoryQueries.MonthSplit split = HistoryQueries.MonthSplit.of(from, to);
                List<LocalDate> covered = new ArrayList<>();
                if (split.firstMonth() != null) {
                    assertThat(split.firstMonth().getDayOfMonth()).isEqualTo(1);
                    assertThat(split.lastMonth().getDayOfMonth()).isEqualTo(1);
                    split.firstMonth().datesUntil(split.lastMonth().plusMonths(1)).forEach(covered::add);
                } else {
                    assertThat(split.lastMonth()).isNull();
                }
                assertThat(split.days()).hasSizeLessThanOrEqualTo(2);
                for (AttendanceAnalytics.Period p : split.days()) {
                    assertThat(p.from()).isBeforeOrEqualTo(p.to());
                    p.from().datesUntil(p.to().plusDays(1)).forEach(covered::add);
                }
                assertThat(covered).as("%s to %s", from, to).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(from.datesUntil(to.plusDays(1)).toList());
                spans++;
            }
        }
        assertThat(spans).isGreaterThan(30_000);
    }

    @Test
    void aTermReadsItsWholeMonthsMonthly() {
        HistoryQueries.MonthSplit term = HistoryQueries.MonthSplit.of(LocalDate.parse("2026-07-15"), LocalDate.parse("2026-12-06"));
        assertThat(term.firstMonth()).isEqualTo("2026-08-01");
        assertThat(term.lastMonth()).isEqualTo("2026-11-01");
        assertThat(term.days()).containsExactly(new AttendanceAnalytics.Period(LocalDate.parse("2026-07-15"), LocalDate.parse("2026-07-31")),
                new AttendanceAnalytics.Period(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-06")));
        HistoryQueries.MonthSplit june = HistoryQueries.MonthSplit.of(LocalDate.parse("2026-06-01"), LocalDate.parse("2026-06-30"));
        assertThat(june.firstMonth()).isEqualTo("2026-06-01");
        assertThat(june.days()).isEmpty();
        HistoryQueries.MonthSplit twoWeeks = HistoryQueries.MonthSplit.of(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-12-06"));
        assertThat(twoWeeks.firstMonth()).isNull();
        assertThat(twoWeeks.days()).hasSize(1);
    }
}
