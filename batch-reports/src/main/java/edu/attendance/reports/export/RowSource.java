package edu.attendance.reports.export;

import net.sf.jasperreports.engine.JRDataSource;
import net.sf.jasperreports.engine.JRField;

import java.util.Iterator;
import java.util.List;

/**
 * The rows of a table as JasperReports reads them: field {@code c<i>} of the current row is the text of the i-th
 * column; in a spreadsheet every such text is neutralised against formula injection ({@link Cells}).
 */
final class RowSource<R> implements JRDataSource {

    private final Iterator<R> rows;
    private final List<TableLayout.Column<R>> columns;
    private final boolean sheet;
    private R current;

    RowSource(List<R> rows, List<TableLayout.Column<R>> columns, boolean sheet) {
        this.rows = rows.iterator();
        this.columns = columns;
        this.sheet = sheet;
    }

    @Override
    public boolean next() {
        if (!rows.hasNext()) {
            return false;
        }
        current = rows.next();
        return true;
    }

    @Override
    public Object getFieldValue(JRField field) {
        return text(columns.get(Integer.parseInt(field.getName().substring(1))), current, sheet);
    }

    static <R> String text(TableLayout.Column<R> column, R row, boolean sheet) {
        String text = column.value().apply(row);
        String shown = text == null ? "" : text;
        return sheet ? Cells.neutralise(shown) : shown;
    }
}
