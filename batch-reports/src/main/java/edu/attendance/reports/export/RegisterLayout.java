package edu.attendance.reports.export;

import java.util.ArrayList;
import java.util.List;

/**
 * The monthly class register (docs/rules.md "Exports"): one row per student — roll number, name, one column per day
 * of the month holding that day's statuses (P, L, A, E; F while flagged; several sessions joined by "/"),
 * then the month's counts and rate.
 */
final class RegisterLayout {

    static final int DAYS = 31;

    private RegisterLayout() {
    }

    static List<TableLayout.Column<RegisterRenderer.Line>> columns() {
        List<TableLayout.Column<RegisterRenderer.Line>> c = new ArrayList<>();
        c.add(TableLayout.Column.left("Roll", 40, RegisterRenderer.Line::roll));
        c.add(TableLayout.Column.left("Student", 120, RegisterRenderer.Line::name));
        for (int day = 1; day <= DAYS; day++) {
            int index = day - 1;
            c.add(TableLayout.Column.centre(Integer.toString(day), 17, l -> l.days().get(index)));
        }
        c.add(TableLayout.Column.right("P", 20, l -> Integer.toString(l.present())));
        c.add(TableLayout.Column.right("L", 20, l -> Integer.toString(l.late())));
        c.add(TableLayout.Column.right("A", 20, l -> Integer.toString(l.absent())));
        c.add(TableLayout.Column.right("E", 20, l -> Integer.toString(l.excused())));
        c.add(TableLayout.Column.right("%", 34, l -> ReportTables.percent(l.rate())));
        return c;
    }
}
