package edu.attendance.reports.export;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
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
                new RegisterRenderer.Mark("a@c.test", LocalDate.of(2026, 11, 2), "PRESENT"),
                new RegisterRenderer.Mark("a@c.test", LocalDate.of(2026, 11, 3), "LATE"),
                new RegisterRenderer.Mark("a@c.test", LocalDate.of(2026, 11, 3), "ABSENT"),
                new RegisterRenderer.Mark("a@c.test", LocalDate.of(2026, 11, 30), "EXCUSED"),
                new RegisterRenderer.Mark("a@c.test", LocalDate.of(2026, 10, 30), "ABSENT"), // another month: ignored
                new RegisterRenderer.Mark("b@c.test", LocalDate.of(2026, 11, 2), "ABSENT"));
        return new RegisterRenderer.Register("Register: CSE-3A · Data Structures · November 2026", "Teacher: T", MONTH, st, marks);
    }

    @Test
    @SuppressWarnings("unchecked")
    void rowsCarryLettersTotalsAndRate() {
        var rows = RegisterRenderer.rows(register(2));
        assertThat((java.util.Map<String, Object>) rows.get(0)).containsEntry("d2", "P").containsEntry("d3", "L/A").containsEntry("d30", "E").containsEntry("d1", "")
                .containsEntry("totalP", "1").containsEntry("totalL", "1").containsEntry("totalA", "1").containsEntry("totalE", "1")
                .containsEntry("rate", "66.7");
        // the rows keep the name as it is; the spreadsheet neutralises it (below), a PDF shows it unchanged
        assertThat((java.util.Map<String, Object>) rows.get(1)).containsEntry("name", "=HYPERLINK(\"http://evil.test\",\"click\")").containsEntry("rate", "0.0");
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
