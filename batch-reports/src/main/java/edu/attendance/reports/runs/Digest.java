package edu.attendance.reports.runs;

import java.util.List;
import java.util.Map;

/**
 * What a report's e-mail says in its body (the files carry the whole report): a few lines a dean reads
 * without opening an attachment, with the change since the previous run of the same report.
 */
interface Digest<R> {

    /** The figures kept for the next run to compare with (e.g. students at risk by department). */
    Map<String, Integer> counts(List<R> rows);

    /**
     * The body's summary for these rows (the whole report, or one department's part), {@code before} being the
     * previous run's counts (empty for a first run), {@code departmentId} the department of a part ({@code null}: the
     * whole report).
     */
    String text(List<R> rows, Map<String, Integer> before, String departmentId);
}
