package edu.attendance.reports.export;

import net.sf.jasperreports.engine.JasperReport;
import net.sf.jasperreports.engine.type.HorizontalTextAlignEnum;

import java.util.ArrayList;
import java.util.List;

/**
 * The monthly class register (docs/rules.md "Exports"): one row per student — roll number, name, one column per day
 * of the month holding that day's statuses (P, L, A, E; F while flagged; several sessions joined by "/"),
 * then the month's counts and rate.
 */
final class RegisterLayout {

    static final int DAYS = 31;
    static final String[] TOTALS = {"P", "L", "A", "E", "%"};

    private RegisterLayout() {
    }

    static JasperReport compile() {
        return TableLayout.compile("register", columns());
    }

    static List<TableLayout.Column> columns() {
        List<TableLayout.Column> c = new ArrayList<>();
        c.add(TableLayout.Column.left("Roll", "roll", 40));
        c.add(TableLayout.Column.left("Student", "name", 120));
        for (int day = 1; day <= DAYS; day++) {
            c.add(new TableLayout.Column(Integer.toString(day), "d" + day, 17, HorizontalTextAlignEnum.CENTER));
        }
        for (String t : TOTALS) {
            c.add(TableLayout.Column.right(t, total(t), t.equals("%") ? 34 : 20));
        }
        return c;
    }

    static String total(String t) {
        return t.equals("%") ? "rate" : "total" + t;
    }
}
