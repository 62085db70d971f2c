package edu.attendance.reports.export;

import net.sf.jasperreports.engine.JRException;
import net.sf.jasperreports.engine.JasperFillManager;
import net.sf.jasperreports.engine.JasperPrint;
import net.sf.jasperreports.engine.JasperReport;
import net.sf.jasperreports.engine.data.JRMapCollectionDataSource;
import net.sf.jasperreports.engine.export.ooxml.JRXlsxExporter;
import net.sf.jasperreports.export.SimpleExporterInput;
import net.sf.jasperreports.export.SimpleOutputStreamExporterOutput;
import net.sf.jasperreports.export.SimpleXlsxReportConfiguration;
import net.sf.jasperreports.pdf.JRPdfExporter;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Fills a {@link TableLayout} with rows and writes PDF or XLSX. The layout is compiled on first use (about a
 * second), not at start-up. In XLSX every text cell is neutralised against formula injection ({@link Cells}) and
 * kept as text, so no value turns into a number or a formula; a PDF shows the text as it is.
 */
public final class TableRenderer {

    private final Supplier<JasperReport> compile;
    private final String sheetName;
    private volatile JasperReport layout;

    TableRenderer(Supplier<JasperReport> compile, String sheetName) {
        this.compile = compile;
        this.sheetName = sheetName;
    }

    private JasperReport layout() {
        JasperReport l = layout;
        if (l == null) {
            synchronized (this) {
                if (layout == null) {
                    layout = compile.get();
                }
                l = layout;
            }
        }
        return l;
    }

    public byte[] render(String title, String subtitle, List<Map<String, ?>> rows, ExportFormat format) {
        boolean sheet = format == ExportFormat.XLSX;
        Map<String, Object> params = new HashMap<>();
        params.put("title", sheet ? Cells.neutralise(title) : title);
        params.put("subtitle", sheet ? Cells.neutralise(subtitle) : subtitle);
        if (sheet) {
            rows = neutralised(rows);
        }
        try {
            JasperPrint print = JasperFillManager.fillReport(layout(), params, new JRMapCollectionDataSource(rows));
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

    /** Every text cell of a spreadsheet neutralised against formula injection (a PDF has nothing to neutralise). */
    static List<Map<String, ?>> neutralised(List<Map<String, ?>> rows) {
        List<Map<String, ?>> out = new java.util.ArrayList<>(rows.size());
        for (Map<String, ?> row : rows) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>();
            row.forEach((k, v) -> copy.put(k, v instanceof String text ? Cells.neutralise(text) : v));
            out.add(copy);
        }
        return out;
    }
}
