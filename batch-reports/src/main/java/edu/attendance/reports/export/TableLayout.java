package edu.attendance.reports.export;

import net.sf.jasperreports.engine.JRException;
import net.sf.jasperreports.engine.JasperCompileManager;
import net.sf.jasperreports.engine.JasperReport;
import net.sf.jasperreports.engine.design.JRDesignBand;
import net.sf.jasperreports.engine.design.JRDesignField;
import net.sf.jasperreports.engine.design.JRDesignParameter;
import net.sf.jasperreports.engine.design.JRDesignSection;
import net.sf.jasperreports.engine.design.JRDesignTextField;
import net.sf.jasperreports.engine.design.JasperDesign;
import net.sf.jasperreports.engine.type.HorizontalTextAlignEnum;
import net.sf.jasperreports.engine.type.OrientationEnum;
import net.sf.jasperreports.engine.type.PositionTypeEnum;

import java.util.List;
import java.util.function.Function;

/**
 * A tabular report on A4 landscape: a title and a subtitle (parameters {@code title}, {@code subtitle}),
 * a column header repeated on every page, one detail row per record (each column a function of the record to text),
 * page numbers.
 * The register and the run reports (at-risk list, trends) are all such tables.
 */
final class TableLayout {

    /** A column: its header label, its width in points, its alignment, and the text it shows of a row of type {@code R}. */
    record Column<R>(String label, int width, HorizontalTextAlignEnum align, Function<R, String> value) {
        static <R> Column<R> left(String label, int width, Function<R, String> value) {
            return new Column<>(label, width, HorizontalTextAlignEnum.LEFT, value);
        }

        static <R> Column<R> right(String label, int width, Function<R, String> value) {
            return new Column<>(label, width, HorizontalTextAlignEnum.RIGHT, value);
        }

        static <R> Column<R> centre(String label, int width, Function<R, String> value) {
            return new Column<>(label, width, HorizontalTextAlignEnum.CENTER, value);
        }
    }

    /** The report field of the {@code i}-th column ({@link RowSource} answers it from the row). */
    static String field(int i) {
        return "c" + i;
    }

    static final int PAGE_W = 842, PAGE_H = 595, MARGIN = 20, ROW_H = 14, HEADER_H = 22;

    private TableLayout() {
    }

    static JasperReport compile(String name, List<? extends Column<?>> columns) {
        try {
            return JasperCompileManager.compileReport(design(name, columns));
        } catch (JRException e) {
            throw new IllegalStateException("the " + name + " layout does not compile", e);
        }
    }

    static JasperDesign design(String name, List<? extends Column<?>> columns) throws JRException {
        int width = PAGE_W - 2 * MARGIN;
        if (columns.stream().mapToInt(Column::width).sum() > width) {
            throw new IllegalArgumentException("columns wider than the page: " + name);
        }
        JasperDesign d = new JasperDesign();
        d.setName(name);
        d.setPageWidth(PAGE_W);
        d.setPageHeight(PAGE_H);
        d.setOrientation(OrientationEnum.LANDSCAPE);
        d.setLeftMargin(MARGIN);
        d.setRightMargin(MARGIN);
        d.setTopMargin(MARGIN);
        d.setBottomMargin(MARGIN);
        d.setColumnWidth(width);
        for (String p : new String[]{"title", "subtitle"}) {
            JRDesignParameter parameter = new JRDesignParameter();
            parameter.setName(p);
            parameter.setValueClass(String.class);
            d.addParameter(parameter);
        }
        JRDesignBand title = new JRDesignBand();
        title.setHeight(36);
        title.addElement(Elements.text("$P{title}", 0, 0, width, 18, 12, true, HorizontalTextAlignEnum.LEFT));
        // a long title wraps onto more lines: the subtitle moves down with it instead of being drawn over it
        JRDesignTextField subtitle = Elements.text("$P{subtitle}", 0, 18, width, 14, 8, false, HorizontalTextAlignEnum.LEFT);
        subtitle.setPositionType(PositionTypeEnum.FLOAT);
        title.addElement(subtitle);
        d.setTitle(title);

        // headers get two lines, so "Absences in a row" is read whole in a narrow column
        JRDesignBand header = new JRDesignBand();
        header.setHeight(HEADER_H);
        JRDesignBand detail = new JRDesignBand();
        detail.setHeight(ROW_H);
        int x = 0;
        for (int i = 0; i < columns.size(); i++) {
            Column<?> c = columns.get(i);
            JRDesignField field = new JRDesignField();
            field.setName(field(i));
            field.setValueClass(String.class);
            d.addField(field);
            header.addElement(Elements.label(c.label(), x, c.width(), HEADER_H, c.align()));
            detail.addElement(Elements.text("$F{" + field(i) + "}", x, 0, c.width(), ROW_H, 7, false, c.align()));
            x += c.width();
        }
        d.setColumnHeader(header);
        ((JRDesignSection) d.getDetailSection()).addBand(detail);

        JRDesignBand footer = new JRDesignBand();
        footer.setHeight(14);
        footer.addElement(Elements.text("\"Page \" + $V{PAGE_NUMBER}", 0, 2, width, 12, 7, false, HorizontalTextAlignEnum.RIGHT));
        d.setPageFooter(footer);
        return d;
    }
}
