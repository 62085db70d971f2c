package edu.attendance.reports.export;

import net.sf.jasperreports.engine.JRException;
import net.sf.jasperreports.engine.JasperFillManager;
import net.sf.jasperreports.engine.JasperPrint;
import net.sf.jasperreports.engine.JasperReport;
import net.sf.jasperreports.engine.export.ooxml.JRXlsxExporter;
import net.sf.jasperreports.export.SimpleExporterInput;
import net.sf.jasperreports.export.SimpleOutputStreamExporterOutput;
import net.sf.jasperreports.export.SimpleXlsxReportConfiguration;
import net.sf.jasperreports.pdf.JRPdfExporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a {@link TableLayout} with rows and writes PDF or XLSX. The layout is compiled on first use (about a
 * second), not at start-up. In XLSX every text cell is neutralised against formula injection ({@link Cells}) and
 * kept as text, so no value turns into a number or a formula; a PDF shows the text as it is.
 */
public final class TableRenderer<R> {

    private final String name;
    private final List<TableLayout.Column<R>> columns;
    private final String sheetName;
    private volatile JasperReport layout;

    TableRenderer(String name, List<TableLayout.Column<R>> columns, String sheetName) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.sheetName = sheetName;
    }

    private JasperReport layout() {
        JasperReport l = layout;
        if (l == null) {
            synchronized (this) {
                if (layout == null) {
                    layout = TableLayout.compile(name, columns);
                }
                l = layout;
            }
        }
        return l;
    }

    /**
     * Writes {@code rows} as {@code <base>.pdf} and {@code <base>.xlsx} in {@code dir}, each written aside and moved into
     * place, so a reader never sees half a file.
     */
    public void writeAll(Path dir, String base, String title, String subtitle, List<R> rows) throws IOException {
        for (ExportFormat f : ExportFormat.values()) {
            Path out = dir.resolve(base + "." + f.extension);
            Path tmp = dir.resolve(base + "." + f.extension + ".part");
            Files.write(tmp, render(title, subtitle, rows, f));
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The files {@link #writeAll} writes, PDF first. */
    public static List<Path> filesOf(Path dir, String base) {
        return Arrays.stream(ExportFormat.values()).map(f -> dir.resolve(base + "." + f.extension)).toList();
    }

    byte[] render(String title, String subtitle, List<R> rows, ExportFormat format) {
        boolean sheet = format == ExportFormat.XLSX;
        Map<String, Object> params = new HashMap<>();
        params.put("title", sheet ? Cells.neutralise(title) : title);
        params.put("subtitle", sheet ? Cells.neutralise(subtitle) : subtitle);
        try {
            JasperPrint print = JasperFillManager.fillReport(layout(), params, new RowSource<>(rows, columns, sheet));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SimpleOutputStreamExporterOutput output = new SimpleOutputStreamExporterOutput(out);
            if (format == ExportFormat.PDF) {
                JRPdfExporter pdf = new JRPdfExporter();
                pdf.setExporterInput(new SimpleExporterInput(print));
                pdf.setExporterOutput(output);
                pdf.exportReport();
            } else {
                JRXlsxExporter xlsx = new JRXlsxExporter();
                xlsx.setExporterInput(new SimpleExporterInput(print));
                xlsx.setExporterOutput(output);
                SimpleXlsxReportConfiguration config = new SimpleXlsxReportConfiguration();
                config.setOnePagePerSheet(false);
                config.setRemoveEmptySpaceBetweenRows(true);
                config.setDetectCellType(false);
                config.setSheetNames(new String[]{sheetName});
                xlsx.setConfiguration(config);
                xlsx.exportReport();
            }
            return out.toByteArray();
        } catch (JRException e) {
            throw new IllegalStateException(sheetName + " rendering failed", e);
        }
    }

    /** The text of row {@code row}'s columns, neutralised for a spreadsheet (what the layout shows; for tests). */
    List<String> cells(R row, boolean sheet) {
        return columns.stream().map(c -> RowSource.text(c, row, sheet)).toList();
    }
}
