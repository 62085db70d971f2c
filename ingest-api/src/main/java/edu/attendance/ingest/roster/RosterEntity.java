package edu.attendance.ingest.roster;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The importable entities of the roster API, their CSV columns (all required) and their table. Guardians are a
 * student's contact for the weekly digest and escalation (docs/rules.md, "Guardians"); {@code notify} is the college's
 * per-student switch.
 */
public enum RosterEntity {
    DEPARTMENTS("departments", List.of("department_id", "name")),
    CLASSES("classes", List.of("class_id", "department_id", "batch", "semester", "section")),
    COURSES("courses", List.of("course_id", "name")),
    TEACHERS("teachers", List.of("email", "name", "designation", "department_id")),
    STUDENTS("students", List.of("email", "name", "roll_no", "class_id")),
    SUBJECTS("subjects", List.of("subject_id", "course_id", "class_id", "teacher_email")),
    PERIODS("periods", List.of("period_id", "subject_id", "day_of_week", "period_no", "start_time", "end_time")),
    GUARDIANS("guardians", List.of("student_email", "name", "email", "notify"));

    private final String path;
    private final List<String> columns;

    RosterEntity(String path, List<String> columns) {
        this.path = path;
        this.columns = columns;
    }

    public String path() {
        return path;
    }

    public List<String> columns() {
        return columns;
    }

    public String table() {
        return path;
    }

    public String key() {
        return columns.getFirst();
    }

    public static Optional<RosterEntity> of(String path) {
        return Arrays.stream(values()).filter(e -> e.path.equals(path)).findFirst();
    }
}
