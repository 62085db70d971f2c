package edu.attendance.reports.export;

import net.sf.jasperreports.engine.JRBoxContainer;
import net.sf.jasperreports.engine.design.JRDesignExpression;
import net.sf.jasperreports.engine.design.JRDesignStaticText;
import net.sf.jasperreports.engine.design.JRDesignTextField;
import net.sf.jasperreports.engine.type.HorizontalTextAlignEnum;
import net.sf.jasperreports.engine.type.TextAdjustEnum;

/** The few report elements the layouts are made of, in one font (DejaVu, shipped by jasperreports-fonts). */
final class Elements {

    static final String FONT = "DejaVu Sans";

    private Elements() {
    }

    /** A text field; long text wraps and the band grows, so nothing is cut off (an XLSX cell keeps it whole). */
    static JRDesignTextField text(String expression, int x, int y, int w, int h, int size, boolean bold,
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
        t.setTextAdjust(TextAdjustEnum.STRETCH_HEIGHT);
        pad(t, w);
        return t;
    }

    /** A column header label. */
    static JRDesignStaticText label(String text, int x, int w, int h, HorizontalTextAlignEnum align) {
        JRDesignStaticText t = new JRDesignStaticText();
        t.setText(text);
        style(t, x, w, h, true, align);
        return t;
    }

    static void style(JRDesignStaticText t, int x, int w, int h, boolean bold, HorizontalTextAlignEnum align) {
        t.setX(x);
        t.setY(0);
        t.setWidth(w);
        t.setHeight(h);
        t.setFontName(FONT);
        t.setFontSize(7f);
        t.setBold(bold);
        t.setHorizontalTextAlign(align);
        pad(t, w);
    }

    /** A little air between neighbouring columns, so a right-aligned header does not run into the next one (not in
     * the register's narrow day columns, which need every point). */
    private static void pad(JRBoxContainer t, int w) {
        if (w >= 30) {
            t.getLineBox().setLeftPadding(3);
            t.getLineBox().setRightPadding(3);
        }
    }
}
