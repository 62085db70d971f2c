package edu.attendance.ingest.lti;

import edu.attendance.ingest.audit.AuditLog;
import edu.attendance.ingest.auth.LaunchSignIn;
import edu.attendance.platform.lti.LtiServices;
import edu.attendance.platform.security.AuthSettings;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * LMS courses and the subjects they are (docs/lms.md, "Courses and their roster"): recorded at each launch with the
 * services the LMS offers for them, linked to a subject by its teacher or an admin (or at once when the course's label
 * is the subject's id), and their roster read from the LMS (Names and Role Provisioning) into the subject's class.
 */
@Component
class LtiCourses {

    /** A course as its teacher and the office see it. */
    record Course(UUID platformId, String platformName, String contextId, String title, String subjectId, String subjectName, boolean roster,
                  boolean grades, Instant syncedAt, Synced lastSync) {
    }

    /**
     * What a roster sync did: learners added to the subject's class, learners already in it, learners on the roster of
     * another class (not moved: a class is every subject's), people of the course who are staff here, members without an
     * e-mail or outside the college's domain, and the class's students the LMS course does not list (or lists as
     * inactive) — for the office to move or erase, since enrolment here is by class.
     */
    record Synced(Instant at, List<String> added, int already, List<String> inAnotherClass, List<String> staff,
                  int withoutEmail, List<String> outsideDomain, List<String> notInCourse) {
    }

    static final String MEMBERSHIPS = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
    private static final int MAX_PAGES = 200;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final ObjectProvider<LtiServices> services;
    private final LtiPlatforms platforms;
    private final JsonMapper json;
    private final Clock clock;
    private final String domain;

    LtiCourses(JdbcClient jdbc, TransactionTemplate tx, AuditLog audit, ObjectProvider<LtiServices> services,
               LtiPlatforms platforms, JsonMapper json, Clock clock, AuthSettings auth) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.services = services;
        this.platforms = platforms;
        this.json = json;
        this.clock = clock;
        this.domain = auth.allowedDomain().strip().toLowerCase(Locale.ROOT);
    }

    /**
     * A launch in a course (inside the launch's transaction): the course and its service addresses recorded or
     * refreshed; a teacher's launch in a course not linked yet links it when its label is one of the teacher's subjects.
     * Returns the linked subject, or null.
     */
    String launched(LtiPlatforms.Platform platform, LtiRules.Launch launch, LaunchSignIn.Person person) {
        LtiRules.Context c = launch.context();
        String title = c.title() != null ? c.title() : c.label() != null ? c.label() : c.id();
        jdbc.sql("""
                INSERT INTO lti_courses (platform_id, context_id, title, memberships_url, lineitems_url, ags_scopes, linked_by, linked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (platform_id, context_id) DO UPDATE SET title = excluded.title,
                    memberships_url = coalesce(excluded.memberships_url, lti_courses.memberships_url),
                    lineitems_url = coalesce(excluded.lineitems_url, lti_courses.lineitems_url),
                    ags_scopes = CASE WHEN excluded.lineitems_url IS NULL THEN lti_courses.ags_scopes ELSE excluded.ags_scopes END,
                    linked_by = CASE WHEN lti_courses.subject_id IS NULL AND ? THEN excluded.linked_by ELSE lti_courses.linked_by END
                """).params(platform.id(), c.id(), title, launch.membershipsUrl(), launch.lineItemsUrl(),
                launch.agsScopes().toArray(String[]::new), person.email(), Timestamp.from(clock.instant()),
                person.role() == Role.TEACHER).update();
        String linked = jdbc.sql("SELECT subject_id FROM lti_courses WHERE platform_id = ? AND context_id = ?")
                .params(platform.id(), c.id()).query(String.class).optional().orElse(null);
        if (linked != null || person.role() != Role.TEACHER || c.label() == null) {
            return linked;
        }
        Optional<String> byLabel = jdbc.sql("SELECT subject_id FROM subjects WHERE teacher_email = ? AND lower(subject_id) = lower(?)")
                .params(person.email(), c.label().strip()).query(String.class).optional();
        byLabel.ifPresent(subject -> {
            jdbc.sql("UPDATE lti_courses SET subject_id = ?, linked_by = ?, linked_at = ? WHERE platform_id = ? AND context_id = ?")
                    .params(subject, person.email(), Timestamp.from(clock.instant()), platform.id(), c.id()).update();
            audit.write(person.email(), "LTI_COURSE_LINKED", platform.id() + "/" + c.id(), Map.of("subjectId", subject, "by", "label"));
        });
        return byLabel.orElse(null);
    }

    /** An admin's: every course; a teacher's: the courses of their subjects and the ones they launched, not linked yet. */
    List<Course> visible(CurrentUser user) {
        String where = user.role() == Role.ADMIN ? "true"
                : "(c.subject_id IS NULL AND c.linked_by = :me) OR s.teacher_email = :me";
        return jdbc.sql("""
                SELECT c.*, p.name AS platform_name, co.name AS subject_name FROM lti_courses c JOIN lti_platforms p USING (platform_id)
                LEFT JOIN subjects s ON s.subject_id = c.subject_id LEFT JOIN courses co ON co.course_id = s.course_id
                WHERE %s ORDER BY c.title, c.context_id
                """.formatted(where)).param("me", user.email()).query(this::course).list();
    }

    /** The course's teacher (its launcher while not linked) or an admin says which subject it is: one of theirs. */
    Course link(CurrentUser user, UUID platformId, String contextId, String subjectId) {
        Course before = editable(user, platformId, contextId);
        String teacher = jdbc.sql("SELECT teacher_email FROM subjects WHERE subject_id = ?").param(subjectId)
                .query(String.class).optional()
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no such subject"));
        if (user.role() != Role.ADMIN && !teacher.equals(user.email())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "only a subject you teach");
        }
        tx.executeWithoutResult(t -> {
            jdbc.sql("UPDATE lti_courses SET subject_id = ?, linked_by = ?, linked_at = ? WHERE platform_id = ? AND context_id = ?")
                    .params(subjectId, user.email(), Timestamp.from(clock.instant()), platformId, contextId).update();
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("subjectId", subjectId);
            change.put("before", before.subjectId() == null ? "" : before.subjectId());
            audit.write(user.email(), "LTI_COURSE_LINKED", platformId + "/" + contextId, change);
        });
        return find(platformId, contextId).orElseThrow();
    }

    /**
     * Reads the course's members from the LMS (every page) and brings its learners into the subject's class: the ones
     * not on the roster yet are added as verified students (their LMS user id kept, their roll number the LMS's
     * {@code lis_person_sourcedid} or one made from the user id); nobody is moved from another class or removed — those
     * are listed in the result for the office.
     */
    Synced sync(CurrentUser user, UUID platformId, String contextId) {
        Course course = editable(user, platformId, contextId);
        if (course.subjectId() == null) {
            throw new ApiException(ErrorCode.CONFLICT, "link the course to a subject first");
        }
        String url = jdbc.sql("SELECT memberships_url FROM lti_courses WHERE platform_id = ? AND context_id = ?")
                .params(platformId, contextId).query(String.class).optional().orElse(null);
        if (url == null) {
            throw new ApiException(ErrorCode.CONFLICT, "the LMS does not offer this course's roster to the tool (Names and Role Provisioning is off)");
        }
        LtiPlatforms.Platform platform = platforms.find(platformId).orElseThrow();
        List<JsonNode> members = members(platform, url);
        String classId = jdbc.sql("SELECT class_id FROM subjects WHERE subject_id = ?").param(course.subjectId()).query(String.class).single();
        Synced result = tx.execute(t -> apply(user.email(), platformId, contextId, classId, members));
        audit.write(user.email(), "LTI_ROSTER_SYNCED", platformId + "/" + contextId, Map.of("added", result.added().size(),
                "already", result.already(), "notInCourse", result.notInCourse().size()));
        return result;
    }

    private List<JsonNode> members(LtiPlatforms.Platform platform, String url) {
        List<JsonNode> out = new ArrayList<>();
        String next = url;
        for (int page = 0; next != null && page < MAX_PAGES; page++) {
            LtiServices.Reply reply;
            try {
                reply = services.getObject().get(platform.services(), Set.of(LtiRules.NRPS_SCOPE), next, MEMBERSHIPS);
            } catch (LtiServices.LmsException e) {
                throw new ApiException(ErrorCode.UNAVAILABLE, e.getMessage());
            }
            if (!reply.ok()) {
                throw new ApiException(ErrorCode.UNAVAILABLE, "the LMS refused the course roster (HTTP " + reply.status() + ")");
            }
            json.readTree(reply.body()).path("members").forEach(out::add);
            next = reply.next().orElse(null);
        }
        return out;
    }

    private Synced apply(String actor, UUID platformId, String contextId, String classId, List<JsonNode> members) {
        List<String> added = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        List<String> staff = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        Set<String> inCourse = new LinkedHashSet<>();
        int already = 0;
        int withoutEmail = 0;
        for (JsonNode m : members) {
            List<String> roles = new ArrayList<>();
            m.path("roles").forEach(r -> roles.add(r.asString()));
            boolean active = "Active".equalsIgnoreCase(m.path("status").asString("Active"));
            if (!LtiRules.roles(roles).contains(Role.STUDENT) || !active) {
                continue;
            }
            String email = m.path("email").asString("").strip().toLowerCase(Locale.ROOT);
            String userId = m.path("user_id").asString("");
            if (email.isEmpty() || !email.contains("@") || email.length() > 254) {
                withoutEmail++;
                continue;
            }
            if (!domain.isEmpty() && !email.endsWith("@" + domain)) {
                outside.add(email);
                continue;
            }
            record Here(String role, String classId) {
            }
            Optional<Here> here = jdbc.sql("SELECT u.role, s.class_id FROM users u LEFT JOIN students s USING (email) WHERE u.email = ?")
                    .param(email).query((rs, n) -> new Here(rs.getString(1), rs.getString(2))).optional();
            if (here.isPresent() && !"STUDENT".equals(here.get().role())) {
                staff.add(email);
                continue;
            }
            if (here.isPresent() && here.get().classId() != null && !classId.equals(here.get().classId())) {
                elsewhere.add(email);
                continue;
            }
            inCourse.add(email);
            if (here.isPresent() && here.get().classId() != null) {
                already++;
            } else {
                String name = name(m, email);
                jdbc.sql("""
                        INSERT INTO users (email, name, role, verified) VALUES (?, ?, 'STUDENT', true)
                        ON CONFLICT (email) DO UPDATE SET verified = true
                        """).params(email, name).update();
                jdbc.sql("INSERT INTO students (email, name, roll_no, class_id) VALUES (?, ?, ?, ?)")
                        .params(email, name, rollNo(m, userId, classId), classId).update();
                added.add(email);
            }
            if (!userId.isBlank()) {
                jdbc.sql("""
                        INSERT INTO lti_users (platform_id, lti_user_id, email) VALUES (?, ?, ?)
                        ON CONFLICT (platform_id, lti_user_id) DO UPDATE SET email = excluded.email
                        """).params(platformId, userId, email).update();
            }
        }
        List<String> notInCourse = jdbc.sql("SELECT email FROM students WHERE class_id = ? ORDER BY email").param(classId)
                .query(String.class).list().stream().filter(e -> !inCourse.contains(e)).toList();
        Synced result = new Synced(clock.instant(), added, already, elsewhere, staff, withoutEmail, outside, notInCourse);
        jdbc.sql("UPDATE lti_courses SET synced_at = ?, sync_result = ? WHERE platform_id = ? AND context_id = ?")
                .params(Timestamp.from(result.at()), json.writeValueAsString(result), platformId, contextId).update();
        return result;
    }

    private static String name(JsonNode m, String email) {
        String name = m.path("name").asString("").strip();
        if (name.isEmpty()) {
            name = (m.path("given_name").asString("") + " " + m.path("family_name").asString("")).strip();
        }
        return name.isEmpty() ? email.substring(0, email.indexOf('@')) : name.length() > 200 ? name.substring(0, 200) : name;
    }

    /** The LMS's student number when it sends one and it is free in the class, else one made from its user id. */
    private String rollNo(JsonNode m, String userId, String classId) {
        String sourced = m.path("lis_person_sourcedid").asString("").strip();
        if (!sourced.isEmpty() && sourced.length() <= 64 && jdbc.sql("SELECT count(*) FROM students WHERE class_id = ? AND roll_no = ?")
                .params(classId, sourced).query(Long.class).single() == 0) {
            return sourced;
        }
        return "LMS-" + HexFormat.of().formatHex(LtiLaunches.sha256(userId.isBlank() ? m.toString() : userId), 0, 5);
    }

    private Course editable(CurrentUser user, UUID platformId, String contextId) {
        Course c = find(platformId, contextId).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no such LMS course"));
        if (user.role() == Role.ADMIN || visible(user).stream().anyMatch(v -> v.platformId().equals(platformId) && v.contextId().equals(contextId))) {
            return c;
        }
        throw new ApiException(ErrorCode.FORBIDDEN, "not a course of yours");
    }

    private Optional<Course> find(UUID platformId, String contextId) {
        return jdbc.sql("""
                SELECT c.*, p.name AS platform_name, co.name AS subject_name FROM lti_courses c JOIN lti_platforms p USING (platform_id)
                LEFT JOIN subjects s ON s.subject_id = c.subject_id LEFT JOIN courses co ON co.course_id = s.course_id
                WHERE c.platform_id = ? AND c.context_id = ?
                """).params(platformId, contextId).query(this::course).optional();
    }

    private Course course(ResultSet rs, int n) throws SQLException {
        Timestamp synced = rs.getTimestamp("synced_at");
        String last = rs.getString("sync_result");
        List<String> scopes = LtiPlatforms.strings(rs.getArray("ags_scopes"));
        return new Course(rs.getObject("platform_id", UUID.class), rs.getString("platform_name"), rs.getString("context_id"),
                rs.getString("title"), rs.getString("subject_id"), rs.getString("subject_name"), rs.getString("memberships_url") != null,
                rs.getString("lineitems_url") != null && scopes.stream().anyMatch(s -> s.endsWith("/scope/score")),
                synced == null ? null : synced.toInstant(), last == null ? null : json.readValue(last, Synced.class));
    }
}
