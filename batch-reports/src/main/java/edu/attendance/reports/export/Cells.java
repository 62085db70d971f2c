package edu.attendance.reports.export;

/**
 * Text that goes into a spreadsheet cell: a value a spreadsheet could take for a formula (starting with
 * {@code = + - @}, or a tab or carriage return that some import paths strip first) is prefixed with an
 * apostrophe, so it stays text (OWASP "CSV injection").
 */
final class Cells {

    private Cells() {
    }

    public static String neutralise(String value) {
        if (value == null || value.isEmpty()) {
            return value == null ? "" : value;
        }
        char c = value.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + value : value;
    }
}
