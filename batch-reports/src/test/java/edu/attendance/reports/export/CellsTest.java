package edu.attendance.reports.export;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CellsTest {

    @Test
    void formulaLikeTextIsKeptAsText() {
        assertThat(Cells.neutralise("=HYPERLINK(\"http://evil\",\"x\")")).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
        assertThat(Cells.neutralise("+1")).isEqualTo("'+1");
        assertThat(Cells.neutralise("-2+3")).isEqualTo("'-2+3");
        assertThat(Cells.neutralise("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Cells.neutralise("\t=1")).isEqualTo("'\t=1");
        assertThat(Cells.neutralise("\r=1")).isEqualTo("'\r=1");
    }

    @Test
    void ordinaryTextIsUntouched() {
        assertThat(Cells.neutralise("Asha Rao")).isEqualTo("Asha Rao");
        assertThat(Cells.neutralise("a=b")).isEqualTo("a=b");
        assertThat(Cells.neutralise("")).isEmpty();
        assertThat(Cells.neutralise(null)).isEmpty();
        assertThat(Cells.neutralise("12")).isEqualTo("12");
    }
}
