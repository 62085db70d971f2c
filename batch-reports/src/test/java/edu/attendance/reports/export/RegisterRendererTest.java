package edu.attendance.reports.export;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import edu.attendance.contracts.AttendanceStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class RegisterRendererTest {

    static final YearMonth MONTH = YearMonth.of(2026, 11);
    static final RegisterRenderer RENDERER = new RegisterRenderer();

    static RegisterRenderer.Register register(int students) {
        List<RegisterRenderer.Student> st = new ArrayList<>();
        st.add(new RegisterRenderer.Student("a@c.test", "1", "Asha Rao"));
        st.add(new RegisterRenderer.Student("b@c.test", "2", "=HYPERLINK(\"http://evil.test\",\"click\")"));
        for (int i = 3; i <= students; i++) {
            st.add(new RegisterRenderer.Student("s" + i + "@c.test", Integer.toString(i), "Student " + i));
        }
        List<RegisterRenderer.Mark> marks = List.of(
                new RegisterRenderer.Mark("a@c.test", LocalDate.of(2026, 11, 2), AttendanceStatus.PRESENT),
                new RegisterRenderer.Mark("a@c.test", LocalDate.of(2026, 11, 3), AttendanceStatus.LATE),
                new RegisterRenderer.Mark("a@c.test", LocalDate.of(2026, 11, 3), AttendanceStatus.ABSENT),
                new RegisterRenderer.Mark("a@c.test", LocalDate.of(2026, 11, 30), AttendanceStatus.EXCUSED),
                new RegisterRenderer.Mark("a@c.test", LocalDate.of(2026, 10, 30), AttendanceStatus.ABSENT), // another month: ignored
                new RegisterRenderer.Mark("b@c.test", LocalDate.of(2026, 11, 2), AttendanceStatus.ABSENT));
        return new RegisterRenderer.Register("Register: CSE-3A · Data Structures · November 2026", "Teacher: T", MONTH, st, marks);
    }

    @Test
    void linesCarryLettersTotalsAndRate() {
        var lines = RegisterRenderer.lines(register(2));
        RegisterRenderer.Line asha = lines.get(0);
        assertThat(asha.days()).hasSize(31);
        assertThat(asha.days().get(1)).isEqualTo("P");
        assertThat(asha.days().get(2)).isEqualTo("L/A");
        assertThat(asha.days().get(29)).isEqualTo("E");
        assertThat(asha.days().get(0)).isEmpty();
        assertThat(List.of(asha.present(), asha.late(), asha.absent(), asha.excused())).containsExactly(1, 1, 1, 1);
        assertThat(ReportTables.percent(asha.rate())).isEqualTo("66.7");
        // the lines keep the name as it is; the spreadsheet neutralises it (below), a PDF shows it unchanged
        assertThat(lines.get(1).name()).isEqualTo("=HYPERLINK(\"http://evil.test\",\"click\")");
        assertThat(ReportTables.percent(lines.get(1).rate())).isEqualTo("0.0");
    }

    @Test
    void thePdfShowsTheGridOnAsManyPagesAsItNeeds() throws Exception {
        byte[] pdf = RENDERER.render(register(80), ExportFormat.PDF);
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        PdfReader reader = new PdfReader(pdf);
        assertThat(reader.getNumberOfPages()).isGreaterThan(1);
        String first = new PdfTextExtractor(reader).getTextFromPage(1);
        assertThat(first).contains("Register: CSE-3A").contains("Asha Rao").contains("L/A").contains("66.7");
        assertThat(first).as("a PDF has nothing to neutralise").contains("=HYPERLINK(").doesNotContain("'=HYPERLINK(");
        assertThat(new PdfTextExtractor(reader).getTextFromPage(2)).as("the header repeats").contains("Student");
    }

    @Test
    void theXlsxKeepsEveryCellTextAndNoFormula() throws Exception {
        byte[] xlsx = RENDERER.render(register(3), ExportFormat.XLSX);
        StringBuilder sheets = new StringBuilder();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().startsWith("xl/")) {
                    sheets.append(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        String xml = sheets.toString();
        String text = xml.replace("&apos;", "'").replace("&quot;", "\"").replace("&amp;", "&");
        assertThat(text).contains("Asha Rao").contains("L/A").contains("'=HYPERLINK(\"http://evil.test\",\"click\")");
        assertThat(xml).doesNotContain("<f>").doesNotContain("<f ");
    }
}
