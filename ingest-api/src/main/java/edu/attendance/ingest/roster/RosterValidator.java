package edu.attendance.ingest.roster;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whole-file validation of one roster CSV, free of I/O: every row is checked (format, duplicates in the
 * file, references to rows already imported, uniqueness against the database) and every problem is
 * reported with its line number. {@link Known} supplies what the database already holds.
 */
final class RosterValidator {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final Pattern EMAIL = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[a-z0-9-]+(\\.[a-z0-9-]+)+");
    static final Set<String> DAYS = Set.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
    static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    static final int MAX_TEXT = 200;

    /** One problem on one line (line 1 is the header). */
    public record Problem(int line, String message) {
    }

    /** A data row with its line number, values by column name (already trimmed; e-mails lower-cased). */
    public record Row(int line, Map<String, String> values) {
        public String get(String column) {
            return values.get(column);
        }
    }

    /** What the database already holds, for references and uniqueness. */
    public interface Known {
        boolean exists(RosterEntity entity, String id);

        /** The id of the existing row holding {@code uniqueValue} for the entity's secondary key, or null. */
        String holderOf(RosterEntity entity, String uniqueValue);

        /** The role of an existing user, or null. */
        String roleOf(String email);
    }

    private RosterValidator() {
    }

    public static List<Problem> validate(RosterEntity entity, List<Row> rows, Known known) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> keys = new HashMap<>();
        Map<String, Integer> secondary = new HashMap<>();
        for (Row row : rows) {
            List<String> errors = new ArrayList<>();
            for (String c : entity.columns()) {
                String v = row.get(c);
                if (v == null || v.isEmpty()) {
                    errors.add(c + " is empty");
                } else if (v.length() > MAX_TEXT) {
                    errors.add(c + " is longer than " + MAX_TEXT + " characters");
                }
            }
            if (errors.isEmpty()) {
                check(entity, row, known, errors);
                String key = row.get(entity.key());
                Integer first = keys.putIfAbsent(key, row.line());
                if (first != null) {
                    errors.add(entity.key() + " " + key + " repeats line " + first);
                }
                String unique = secondaryKey(entity, row);
                if (unique != null) {
                    Integer firstU = secondary.putIfAbsent(unique, row.line());
                    if (firstU != null) {
                        errors.add(describeSecondary(entity) + " repeats line " + firstU);
                    } else {
                        String holder = known.holderOf(entity, unique);
                        if (holder != null && !holder.equals(key)) {
                            errors.add(describeSecondary(entity) + " already belongs to " + holder);
                        }
                    }
                }
            }
            errors.forEach(e -> problems.add(new Problem(row.line(), e)));
        }
        return problems;
    }

    /** The secondary unique key of a row, as stored by the database ({@code a|b|…}), or null. */
    static String secondaryKey(RosterEntity entity, Row r) {
        return switch (entity) {
            case CLASSES -> String.join("|", r.get("department_id"), r.get("batch"), r.get("semester"), r.get("section"));
            case STUDENTS -> String.join("|", r.get("roll_no"), r.get("class_id"));
            case SUBJECTS -> String.join("|", r.get("course_id"), r.get("class_id"));
            case PERIODS -> String.join("|", r.get("subject_id"), r.get("day_of_week"), r.get("period_no"));
            default -> null;
        };
    }

    private static String describeSecondary(RosterEntity entity) {
        return switch (entity) {
            case CLASSES -> "(department_id, batch, semester, section)";
            case STUDENTS -> "(roll_no, class_id)";
            case SUBJECTS -> "(course_id, class_id)";
            case PERIODS -> "(subject_id, day_of_week, period_no)";
            default -> "key";
        };
    }

    private static void check(RosterEntity entity, Row r, Known known, List<String> errors) {
        switch (entity) {
            case DEPARTMENTS, COURSES -> id(r, entity.key(), errors);
            case CLASSES -> {
                id(r, "class_id", errors);
                ref(r, "department_id", RosterEntity.DEPARTMENTS, known, errors);
                integer(r, "semester", 1, 20, errors);
            }
            case TEACHERS -> {
                email(r, "email", errors);
                ref(r, "department_id", RosterEntity.DEPARTMENTS, known, errors);
                role(r, "TEACHER", known, errors);
            }
            case STUDENTS -> {
                email(r, "email", errors);
                id(r, "roll_no", errors);
                ref(r, "class_id", RosterEntity.CLASSES, known, errors);
                role(r, "STUDENT", known, errors);
            }
            case SUBJECTS -> {
                id(r, "subject_id", errors);
                ref(r, "course_id", RosterEntity.COURSES, known, errors);
                ref(r, "class_id", RosterEntity.CLASSES, known, errors);
                email(r, "teacher_email", errors);
                if (EMAIL.matcher(r.get("teacher_email")).matches() && !known.exists(RosterEntity.TEACHERS, r.get("teacher_email"))) {
                    errors.add("teacher_email " + r.get("teacher_email") + " is not an imported teacher");
                }
            }
            case PERIODS -> {
                id(r, "period_id", errors);
                ref(r, "subject_id", RosterEntity.SUBJECTS, known, errors);
                if (!DAYS.contains(r.get("day_of_week"))) {
                    errors.add("day_of_week must be one of MON..SUN, not " + r.get("day_of_week"));
                }
                integer(r, "period_no", 1, 24, errors);
                LocalTime start = time(r, "start_time", errors);
                LocalTime end = time(r, "end_time", errors);
                if (start != null && end != null && !end.isAfter(start)) {
                    errors.add("end_time must be after start_time");
                }
            }
            case GUARDIANS -> guardian(r, known, errors);
        }
    }

    private static final java.util.Set<String> YES_NO = java.util.Set.of("true", "false", "yes", "no");

    private static void guardian(Row r, Known known, List<String> errors) {
        email(r, "student_email", errors);
        if (EMAIL.matcher(r.get("student_email")).matches() && !known.exists(RosterEntity.STUDENTS, r.get("student_email"))) {
            errors.add("student_email " + r.get("student_email") + " is not an imported student");
        }
        email(r, "email", errors);
        if (r.get("email").equalsIgnoreCase(r.get("student_email"))) {
            errors.add("a guardian's e-mail is not the student's own");
        }
        if (r.get("name").isBlank() || r.get("name").length() > 200) {
            errors.add("name is required (at most 200 characters)");
        }
        if (!YES_NO.contains(r.get("notify").toLowerCase(Locale.ROOT))) {
            errors.add("notify must be yes or no (the college's switch for this student's guardian)");
        }
    }

    private static void id(Row r, String c, List<String> errors) {
        if (!ID.matcher(r.get(c)).matches()) {
            errors.add(c + " must match [A-Za-z0-9_.-]{1,64}");
        }
    }

    private static void email(Row r, String c, List<String> errors) {
        if (!EMAIL.matcher(r.get(c)).matches()) {
            errors.add(c + " is not a valid e-mail address");
        }
    }

    private static void ref(Row r, String c, RosterEntity target, Known known, List<String> errors) {
        String v = r.get(c);
        if (!ID.matcher(v).matches()) {
            errors.add(c + " must match [A-Za-z0-9_.-]{1,64}");
        } else if (!known.exists(target, v)) {
            errors.add(c + " " + v + " is not an imported " + target.path().substring(0, target.path().length() - 1)
                    .replace("classe", "class"));
        }
    }

    private static void integer(Row r, String c, int min, int max, List<String> errors) {
        try {
            int v = Integer.parseInt(r.get(c));
            if (v < min || v > max) {
                errors.add(c + " must be between " + min + " and " + max);
            }
        } catch (NumberFormatException e) {
            errors.add(c + " must be a whole number");
        }
    }

    private static LocalTime time(Row r, String c, List<String> errors) {
        try {
            return LocalTime.parse(r.get(c), HH_MM);
        } catch (DateTimeParseException e) {
            errors.add(c + " must be HH:MM (24 h)");
            return null;
        }
    }

    private static void role(Row r, String expected, Known known, List<String> errors) {
        String role = known.roleOf(r.get("email"));
        if (role != null && !role.equals(expected)) {
            errors.add("email " + r.get("email") + " already belongs to a " + role.toLowerCase(Locale.ROOT));
        }
    }
}
