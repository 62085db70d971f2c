package edu.attendance.ingest.roster;

import edu.attendance.platform.web.ApiException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A file of bad rows lists the first thousand and counts them all: the problem body stays small whatever the file. */
class RosterErrorsTest {

    static List<RosterValidator.Problem> bad(int n) {
        return IntStream.rangeClosed(2, n + 1).mapToObj(line -> new RosterValidator.Problem(line, "email is required")).toList();
    }

    @Test
    void aHundredThousandBadRowsListTheFirstThousandAndTheTotal() {
        ApiException e = RosterImporter.invalid(bad(100_000));
        assertThat((List<?>) e.extra().get("errors")).hasSize(1_000);
        assertThat(e.extra().get("errorCount")).isEqualTo(100_000);
        assertThat(e.getMessage()).contains("100000 bad row(s)").contains("first 1000");
    }

    @Test
    void aFewBadRowsAreAllListed() {
        ApiException e = RosterImporter.invalid(bad(3));
        assertThat((List<?>) e.extra().get("errors")).hasSize(3);
        assertThat(e.extra().get("errorCount")).isEqualTo(3);
        assertThat(e.getMessage()).doesNotContain("first");
    }
}
