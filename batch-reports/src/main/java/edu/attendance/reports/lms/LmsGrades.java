package edu.attendance.reports.lms;

import edu.attendance.analytics.AttendanceAnalytics;
import edu.attendance.platform.lti.LtiServices;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The attendance rate as a grade in the LMS (LTI Assignment and Grade Services; docs/lms.md, "Grades"): for each course
 * linked to a subject whose LMS lets the tool post scores, after a session of the subject closes, each student's rate
 * this term goes to the course's <i>Attendance</i> line item (found by its tag, or created once) as a score out of 100.
 * A score is posted only when it changed; a failed post is tried again at the next pass, the course stays due until
 * every post went through. A course's closes count as settled {@code attendance.reports.lms-grades-settle} after the
 * last one (the history takes a moment to hold the absences a close decides); until then each pass computes again.
 * Reads ingest's course links and sessions, and the history through {@link AttendanceAnalytics}.
 */
@Component
class LmsGrades {

    private static final Logger log = LoggerFactory.getLogger(LmsGrades.class);
    private static final CurrentUser SYSTEM = new CurrentUser("lms-grades@system", Role.ADMIN);
    static final String SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
    static final String LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
    static final String LINE_ITEMS = "application/vnd.ims.lis.v2.lineitemcontainer+json";
    static final String LINE_ITEM = "application/vnd.ims.lis.v2.lineitem+json";
    static final String SCORE = "application/vnd.ims.lis.v1.score+json";
    static final String TAG = "attendance";

    /** A course due for grades. */
    record Due(UUID platformId, String contextId, String subjectId, String classId, String lineItemsUrl, Set<String> scopes,
               String clientId, String tokenUrl, Instant lastClose) {
        LtiServices.Platform platform() {
            return new LtiServices.Platform(platformId, clientId, tokenUrl);
        }
    }

    /** One pass: courses looked at, scores posted, posts that failed. */
    record Pass(int courses, int posted, int failed) {
    }

    private final JdbcClient postgres;
    private final ObjectProvider<LtiServices> services;
    private final AttendanceAnalytics analytics;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration settle;

    LmsGrades(JdbcClient postgres, ObjectProvider<LtiServices> services, AttendanceAnalytics analytics, JsonMapper json,
              Clock clock, @Value("${attendance.reports.lms-grades-settle:PT2M}") Duration settle) {
        this.postgres = postgres;
        this.services = services;
        this.analytics = analytics;
        this.json = json;
        this.clock = clock;
        this.settle = settle;
    }

    @Scheduled(fixedDelayString = "${attendance.reports.lms-grades-every:30s}", initialDelayString = "${attendance.reports.lms-grades-every:30s}")
    void scheduled() {
        try {
            Pass pass = run();
            if (pass.posted() > 0 || pass.failed() > 0) {
                log.info("LMS grades: {} courses, {} scores posted, {} failed (tried again next pass)", pass.courses(), pass.posted(), pass.failed());
            }
        } catch (RuntimeException e) {
            log.warn("LMS grades not posted this time: {}", e.toString());
        }
    }

    Pass run() {
        // scores of people erased since (their LMS link went with them) are forgotten
        postgres.sql("""
                DELETE FROM lms_scores s WHERE NOT EXISTS
                    (SELECT 1 FROM lti_users u WHERE u.platform_id = s.platform_id AND u.lti_user_id = s.lti_user_id)
                """).update();
        List<Due> due = postgres.sql("""
                SELECT c.platform_id, c.context_id, c.subject_id, sub.class_id, c.lineitems_url, c.ags_scopes, p.client_id, p.token_url,
                       (SELECT max(s.closed_at) FROM sessions s WHERE s.subject_id = c.subject_id) AS last_close
                FROM lti_courses c JOIN lti_platforms p USING (platform_id) JOIN subjects sub ON sub.subject_id = c.subject_id
                LEFT JOIN lms_grade_passes g ON g.platform_id = c.platform_id AND g.context_id = c.context_id
                WHERE c.lineitems_url IS NOT NULL AND ? = ANY (c.ags_scopes)
                  AND EXISTS (SELECT 1 FROM sessions s WHERE s.subject_id = c.subject_id AND s.closed_at IS NOT NULL
                              AND (g.settled_until IS NULL OR s.closed_at > g.settled_until))
                """).param(SCORE_SCOPE).query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), Set.of((String[]) rs.getArray(6).getArray()), rs.getString(7), rs.getString(8),
                rs.getTimestamp(9).toInstant())).list();
        int posted = 0;
        int failed = 0;
        for (Due course : due) {
            Pass p = grade(course);
            posted += p.posted();
            failed += p.failed();
        }
        return new Pass(due.size(), posted, failed);
    }

    private Pass grade(Due course) {
        Instant started = clock.instant();
        int posted = 0;
        int failed = 0;
        String error = null;
        try {
            String lineItem = lineItem(course);
            Map<String, String> users = new HashMap<>();
            // the LMS ids of this class's students only: a state's LMS knows a million people
            postgres.sql("""
                    SELECT u.email, u.lti_user_id FROM lti_users u JOIN students st ON st.email = u.email
                    WHERE u.platform_id = ? AND st.class_id = ?""").params(course.platformId(), course.classId())
                    .query((rs, n) -> users.put(rs.getString(1), rs.getString(2))).list();
            Map<String, BigDecimal> before = new HashMap<>();
            postgres.sql("SELECT lti_user_id, score FROM lms_scores WHERE platform_id = ? AND lineitem_url = ?")
                    .params(course.platformId(), lineItem).query((rs, n) -> before.put(rs.getString(1), rs.getBigDecimal(2))).list();
            for (AttendanceAnalytics.ClassSummaryRow row : analytics.classSummary(SYSTEM, course.classId(), null, null)) {
                String userId = users.get(row.studentEmail());
                if (!row.subjectId().equals(course.subjectId()) || row.rate() == null || userId == null) {
                    continue;
                }
                BigDecimal score = BigDecimal.valueOf(row.rate() * 100).setScale(2, RoundingMode.HALF_UP);
                if (before.get(userId) != null && before.get(userId).compareTo(score) == 0) {
                    continue;
                }
                LtiServices.Reply reply = services.getObject().send(course.platform(), Set.of(SCORE_SCOPE), "POST",
                        suffixed(lineItem, "/scores"), SCORE, score(userId, score, row), "application/json");
                if (reply.ok()) {
                    postgres.sql("""
                            INSERT INTO lms_scores (platform_id, lineitem_url, lti_user_id, score, posted_at) VALUES (?, ?, ?, ?, ?)
                            ON CONFLICT (platform_id, lineitem_url, lti_user_id) DO UPDATE SET score = excluded.score, posted_at = excluded.posted_at
                            """).params(course.platformId(), lineItem, userId, score, Timestamp.from(clock.instant())).update();
                    posted++;
                } else {
                    failed++;
                    error = "the LMS refused a score (HTTP " + reply.status() + ")";
                }
            }
        } catch (LtiServices.LmsException e) {
            failed++;
            error = e.getMessage();
        }
        // settled once every post went through and the last close is old enough for the history to hold it
        boolean settled = failed == 0 && course.lastClose().plus(settle).isBefore(started);
        postgres.sql("""
                INSERT INTO lms_grade_passes (platform_id, context_id, settled_until, failing_since, last_error) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (platform_id, context_id) DO UPDATE SET
                    settled_until = coalesce(excluded.settled_until, lms_grade_passes.settled_until),
                    failing_since = CASE WHEN excluded.last_error IS NULL THEN NULL
                                         ELSE coalesce(lms_grade_passes.failing_since, excluded.failing_since) END,
                    last_error = excluded.last_error
                """).params(course.platformId(), course.contextId(), settled ? Timestamp.from(course.lastClose()) : null,
                error == null ? null : Timestamp.from(started), error).update();
        if (error != null) {
            log.warn("LMS grades for course {} of subject {}: {}", course.contextId(), course.subjectId(), error);
        }
        return new Pass(1, posted, failed);
    }

    /** The course's Attendance line item: known, else found by its tag and subject, else created (once). */
    private String lineItem(Due course) {
        String known = postgres.sql("SELECT lineitem_url FROM lms_line_items WHERE platform_id = ? AND context_id = ?")
                .params(course.platformId(), course.contextId()).query(String.class).optional().orElse(null);
        if (known != null) {
            return known;
        }
        Set<String> scopes = course.scopes().contains(LINEITEM_SCOPE) ? Set.of(LINEITEM_SCOPE)
                : Set.of("https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly");
        LtiServices.Reply list = services.getObject().get(course.platform(), scopes, query(course.lineItemsUrl(),
                "tag=" + enc(TAG) + "&resource_id=" + enc(course.subjectId())), LINE_ITEMS);
        String found = null;
        if (list.ok()) {
            for (JsonNode item : json.readTree(list.body())) {
                if (TAG.equals(item.path("tag").asString("")) && course.subjectId().equals(item.path("resourceId").asString(""))) {
                    found = item.path("id").asString(null);
                    break;
                }
            }
        }
        if (found == null) {
            if (!course.scopes().contains(LINEITEM_SCOPE)) {
                throw new LtiServices.LmsException(403, "the LMS lets the tool post scores but not create the Attendance column");
            }
            ObjectNode item = json.createObjectNode();
            item.put("scoreMaximum", 100);
            item.put("label", "Attendance");
            item.put("resourceId", course.subjectId());
            item.put("tag", TAG);
            LtiServices.Reply created = services.getObject().send(course.platform(), Set.of(LINEITEM_SCOPE), "POST",
                    course.lineItemsUrl(), LINE_ITEM, json.writeValueAsString(item), LINE_ITEM);
            if (!created.ok()) {
                throw new LtiServices.LmsException(created.status(), "the LMS refused the Attendance column (HTTP " + created.status() + ")");
            }
            found = json.readTree(created.body()).path("id").asString(null);
            if (found == null) {
                throw new LtiServices.LmsException(502, "the LMS created the Attendance column without saying its address");
            }
        }
        postgres.sql("INSERT INTO lms_line_items (platform_id, context_id, lineitem_url, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(course.platformId(), course.contextId(), found, Timestamp.from(clock.instant())).update();
        return found;
    }

    private String score(String userId, BigDecimal score, AttendanceAnalytics.ClassSummaryRow row) {
        ObjectNode s = json.createObjectNode();
        s.put("userId", userId);
        s.put("scoreGiven", score);
        s.put("scoreMaximum", 100);
        long countable = row.held() - row.excused();
        s.put("comment", "Attended " + (row.present() + row.late()) + " of " + countable + " classes this term");
        s.put("timestamp", clock.instant().toString());
        s.put("activityProgress", "Submitted");
        s.put("gradingProgress", "FullyGraded");
        return json.writeValueAsString(s);
    }

    /** {@code url} with a path suffix before its query ({@code …/lineitems/7?x=1} → {@code …/lineitems/7/scores?x=1}). */
    static String suffixed(String url, String suffix) {
        int q = url.indexOf('?');
        return q < 0 ? url + suffix : url.substring(0, q) + suffix + url.substring(q);
    }

    static String query(String url, String query) {
        return url + (url.contains("?") ? "&" : "?") + query;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
