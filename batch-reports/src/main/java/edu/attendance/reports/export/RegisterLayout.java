package edu.attendance.reports.export;

import net.sf.jasperreports.engine.JRException;
import net.sf.jasperreports.engine.JasperCompileManager;
import net.sf.jasperreports.engine.JasperReport;
import net.sf.jasperreports.engine.design.JRDesignBand;
import net.sf.jasperreports.engine.design.JRDesignExpression;
import net.sf.jasperreports.engine.design.JRDesignField;
import net.sf.jasperreports.engine.design.JRDesignParameter;
import net.sf.jasperreports.engine.design.JRDesignSection;
import net.sf.jasperreports.engine.design.JRDesignStaticText;
import net.sf.jasperreports.engine.design.JRDesignTextField;
import net.sf.jasperreports.engine.design.JasperDesign;
import net.sf.jasperreports.engine.type.HorizontalTextAlignEnum;
import net.sf.jasperreports.engine.type.OrientationEnum;

/**
 * The monthly class register (SPEC "Exports"): one row per student — roll number, name, one column per day
 * of the month holding that day's statuses (P, L, A, E; F while flagged; several sessions joined by "/"),
 * then the month's counts and rate. A4 landscape; the header repeats on every page. Built in code because
 * its 31 day columns are the same every time; compiled once.
 */
final class RegisterLayout {

    static final int DAYS = 31;
    static final String[] TOTALS = {"P", "L", "A", "E", "%"};
    private static final int PAGE_W = 842, PAGE_H = 595, MARGIN = 20;
    private static final int ROLL_W = 40, NAME_W = 120, DAY_W = 17, TOTAL_W = 20, RATE_W = 34, ROW_H = 14;
    private static final String FONT = "DejaVu Sans";

    private RegisterLayout() {
    }

    static JasperReport compile() {
        try {
            return JasperCompileManager.compileReport(design());
        } catch (JRException e) {
            throw new IllegalStateException("the register layout does not compile", e);
        }
    }

    static JasperDesign design() throws JRException {
        JasperDesign d = new JasperDesign();
        d.setName("register");
        d.setPageWidth(PAGE_W);
        d.setPageHeight(PAGE_H);
        d.setOrientation(OrientationEnum.LANDSCAPE);
        d.setLeftMargin(MARGIN);
        d.setRightMargin(MARGIN);
        d.setTopMargin(MARGIN);
        d.setBottomMargin(MARGIN);
        d.setColumnWidth(PAGE_W - 2 * MARGIN);
        for (String p : new String[]{"title", "subtitle"}) {
            JRDesignParameter parameter = new JRDesignParameter();
            parameter.setName(p);
            parameter.setValueClass(String.class);
            d.addParameter(parameter);
        }
        for (String f : fields()) {
            JRDesignField field = new JRDesignField();
            field.setName(f);
            field.setValueClass(String.class);
            d.addField(field);
        }

        JRDesignBand title = new JRDesignBand();
        title.setHeight(36);
        title.addElement(text("$P{title}", 0, 0, PAGE_W - 2 * MARGIN, 18, 12, true, HorizontalTextAlignEnum.LEFT));
        title.addElement(text("$P{subtitle}", 0, 18, PAGE_W - 2 * MARGIN, 14, 8, false, HorizontalTextAlignEnum.LEFT));
        d.setTitle(title);

        JRDesignBand header = new JRDesignBand();
        header.setHeight(ROW_H);
        JRDesignBand detail = new JRDesignBand();
        detail.setHeight(ROW_H);
        int x = 0;
        x = column(header, detail, "Roll", "roll", x, ROLL_W, HorizontalTextAlignEnum.LEFT);
        x = column(header, detail, "Student", "name", x, NAME_W, HorizontalTextAlignEnum.LEFT);
        for (int day = 1; day <= DAYS; day++) {
            x = column(header, detail, Integer.toString(day), "d" + day, x, DAY_W, HorizontalTextAlignEnum.CENTER);
        }
        for (String t : TOTALS) {
            x = column(header, detail, t, total(t), x, t.equals("%") ? RATE_W : TOTAL_W, HorizontalTextAlignEnum.RIGHT);
        }
        d.setColumnHeader(header);
        ((JRDesignSection) d.getDetailSection()).addBand(detail);

        JRDesignBand footer = new JRDesignBand();
        footer.setHeight(14);
        footer.addElement(text("\"Page \" + $V{PAGE_NUMBER}", 0, 2, PAGE_W - 2 * MARGIN, 12, 7, false, HorizontalTextAlignEnum.RIGHT));
        d.setPageFooter(footer);
        return d;
    }

    static String total(String t) {
        return t.equals("%") ? "rate" : "total" + t;
    }

    static String[] fields() {
        String[] f = new String[2 + DAYS + TOTALS.length];
        f[0] = "roll";
        f[1] = "name";
        for (int day = 1; day <= DAYS; day++) {
            f[1 + day] = "d" + day;
        }
        for (int i = 0; i < TOTALS.length; i++) {
            f[2 + DAYS + i] = total(TOTALS[i]);
        }
        return f;
    }

    private static int column(JRDesignBand header, JRDesignBand detail, String label, String field, int x, int w,
                              HorizontalTextAlignEnum align) {
        JRDesignStaticText h = new JRDesignStaticText();
        h.setText(label);
        style(h, x, w, true, align);
        header.addElement(h);
        detail.addElement(text("$F{" + field + "}", x, 0, w, ROW_H, 7, false, align));
        return x + w;
    }

    private static JRDesignTextField text(String expression, int x, int y, int w, int h, int size, boolean bold,
                                          HorizontalTextAlignEnum align) {
        JRDesignTextField t = new JRDesignTextField();
        t.setExpression(new JRDesignExpression(expression));
        t.setX(x);
        t.setY(y);
        t.setWidth(w);
        t.setHeight(h);
        t.setFontName(FONT);
        t.setFontSize((float) size);
        t.setBold(bold);
        t.setHorizontalTextAlign(align);
        t.setBlankWhenNull(true);
        // a long name wraps and the row grows: nothing is cut off (the XLSX cell keeps the whole text)
        t.setTextAdjust(net.sf.jasperreports.engine.type.TextAdjustEnum.STRETCH_HEIGHT);
        return t;
    }

    private static void style(JRDesignStaticText t, int x, int w, boolean bold, HorizontalTextAlignEnum align) {
        t.setX(x);
        t.setY(0);
        t.setWidth(w);
        t.setHeight(ROW_H);
        t.setFontName(FONT);
        t.setFontSize(7f);
        t.setBold(bold);
        t.setHorizontalTextAlign(align);
    }
}
