package edu.attendance.analytics;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which part of the history a member of staff may read (TEACHER: own classes and subjects; ADMIN and MANAGEMENT: all;
 * the routes admit staff only),
 * resolved against the roster: a department, class or subject becomes the classes to read and — for a
 * teacher — only the subjects they teach there. Nothing to read is a 403, an unknown id a 404.
 */
@Component
public class ReportScopes {

    /** The classes to read; {@code subjectIds} null = every subject of those classes. */
    public record Scope(List<String> classIds, List<String> subjectIds) {
    }

    private final JdbcClient postgres;

    public ReportScopes(JdbcClient postgres) {
        this.postgres = postgres;
    }

    public Scope department(CurrentUser user, String departmentId) {
        if (!exists("SELECT count(*) FROM departments WHERE department_id = ?", departmentId)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no department " + departmentId);
        }
        List<String> classes = postgres.sql("SELECT class_id FROM classes WHERE department_id = ? ORDER BY class_id")
                .param(departmentId).query(String.class).list();
        return restrict(user, classes, null);
    }

    /** Every class of the college (a teacher: those with a subject of theirs, and only those subjects). */
    public Scope college(CurrentUser user) {
        List<String> classes = user.is(Role.TEACHER)
                ? postgres.sql("SELECT DISTINCT class_id FROM subjects WHERE teacher_email = ? ORDER BY class_id")
                        .param(user.email()).query(String.class).list()
                : postgres.sql("SELECT class_id FROM classes ORDER BY class_id").query(String.class).list();
        return classes.isEmpty() ? new Scope(List.of(), List.of()) : restrict(user, classes, null); // nothing yet: reads nothing
    }

    /** Each class's department, for the given classes. */
    public Map<String, String> departmentsOf(List<String> classIds) {
        Map<String, String> departments = new HashMap<>();
        if (!classIds.isEmpty()) {
            postgres.sql("SELECT class_id, department_id FROM classes WHERE class_id IN (:classes)").param("classes", classIds)
                    .query((rs, i) -> departments.put(rs.getString(1), rs.getString(2))).list();
        }
        return departments;
    }

    public Scope classOf(CurrentUser user, String classId) {
        if (!exists("SELECT count(*) FROM classes WHERE class_id = ?", classId)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no class " + classId);
        }
        return restrict(user, List.of(classId), null);
    }

    public Scope subject(CurrentUser user, String subjectId) {
        String classId = postgres.sql("SELECT class_id FROM subjects WHERE subject_id = ?").param(subjectId)
                .query(String.class).optional()
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no subject " + subjectId));
        return restrict(user, List.of(classId), List.of(subjectId));
    }

    private Scope restrict(CurrentUser user, List<String> classes, List<String> subjects) {
        if (!user.is(Role.TEACHER)) {
            return new Scope(classes, subjects);
        }
        List<String> own = classes.isEmpty() ? List.of() : postgres.sql("""
                SELECT subject_id FROM subjects WHERE class_id IN (:classes) AND teacher_email = :teacher ORDER BY subject_id
                """).param("classes", classes).param("teacher", user.email()).query(String.class).list();
        List<String> allowed = subjects == null ? own : own.stream().filter(subjects::contains).toList();
        if (allowed.isEmpty()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "none of your subjects is there");
        }
        return new Scope(classes, allowed);
    }

    public record SubjectNode(String subjectId, String name, String teacherEmail) {
    }

    public record ClassNode(String classId, String name, List<SubjectNode> subjects) {
    }

    public record DepartmentNode(String departmentId, String name, List<ClassNode> classes) {
    }

    /** What the caller may read, as a tree: everything for ADMIN and MANAGEMENT, a teacher's own subjects only. */
    public List<DepartmentNode> tree(CurrentUser user) {
        record Row(String department, String departmentName, String classId, String className, String subjectId,
                   String subjectName, String teacher) {
        }
        List<Row> rows = postgres.sql("""
                SELECT d.department_id, d.name, c.class_id, c.batch || ' · semester ' || c.semester || ' · section ' || c.section,
                       s.subject_id, co.name, s.teacher_email
                FROM departments d
                JOIN classes c ON c.department_id = d.department_id
                JOIN subjects s ON s.class_id = c.class_id
                JOIN courses co ON co.course_id = s.course_id
                WHERE CAST(:teacher AS text) IS NULL OR s.teacher_email = :teacher
                ORDER BY d.department_id, c.class_id, co.name, s.subject_id
                """).param("teacher", user.is(Role.TEACHER) ? user.email() : null)
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7)))
                .list();
        Map<String, Map<String, List<SubjectNode>>> byDept = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        for (Row r : rows) {
            names.put("d:" + r.department(), r.departmentName());
            names.put("c:" + r.classId(), r.className());
            byDept.computeIfAbsent(r.department(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.classId(), k -> new ArrayList<>())
                    .add(new SubjectNode(r.subjectId(), r.subjectName(), r.teacher()));
        }
        return byDept.entrySet().stream().map(d -> new DepartmentNode(d.getKey(), names.get("d:" + d.getKey()),
                d.getValue().entrySet().stream().map(c -> new ClassNode(c.getKey(), names.get("c:" + c.getKey()), c.getValue()))
                        .toList())).toList();
    }

    private boolean exists(String sql, String id) {
        return postgres.sql(sql).param(id).query(Long.class).single() > 0;
    }

    /** Student names by e-mail, for the given classes. */
    public Map<String, String> studentNames(List<String> classIds) {
        Map<String, String> names = new HashMap<>();
        if (!classIds.isEmpty()) {
            postgres.sql("SELECT email, name FROM students WHERE class_id IN (:classes)").param("classes", classIds)
                    .query((rs, i) -> names.put(rs.getString(1), rs.getString(2))).list();
        }
        return names;
    }
}
