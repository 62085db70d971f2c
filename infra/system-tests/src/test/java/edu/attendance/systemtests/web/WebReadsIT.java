package edu.attendance.systemtests.web;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The reads the web app starts from (docs/http-api.md, "Reads the web app needs"), through the public API. */
class WebReadsIT {

    static final Api api = Fixtures.get().api;
    static final String admin = Fixtures.get().admin();

    @Test
    void meTimetableAndOpenSessions() {
        Map<String, String> r = api.classWithPeriodToday(admin, "wr1");
        String teacher = api.login(r.get("teacher"));
        String a = api.login(r.get("a"));

        JsonNode me = api.get("/api/v1/me", a).json();
        assertThat(me.path("email").asString()).isEqualTo(r.get("a"));
        assertThat(me.path("role").asString()).isEqualTo("STUDENT");
        assertThat(me.path("classId").asString()).isEqualTo(r.get("class"));
        assertThat(me.path("device").isNull() || me.path("device").isMissingNode()).as("no device yet").isTrue();
        assertThat(api.post("/api/v1/devices", a, Map.of("deviceUuid", "dev-a-wr1", "fingerprintHash", "fp-dev-a-wr1-print",
                "platform", "WEB")).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/me", a).json().path("device").path("status").asString()).isEqualTo("ACTIVE");
        assertThat(api.get("/api/v1/me", teacher).json().path("role").asString()).isEqualTo("TEACHER");

        JsonNode periods = api.get("/api/v1/me/timetable", teacher).json();
        assertThat(periods).hasSize(1);
        assertThat(periods.get(0).path("periodId").asString()).isEqualTo(r.get("period"));
        assertThat(periods.get(0).path("subjectName").asString()).isEqualTo("Operating Systems");
        assertThat(periods.get(0).path("startTime").asString()).isEqualTo("08:00:00");
        assertThat(periods.get(0).path("session").isNull()).isTrue();
        assertThat(api.get("/api/v1/me/timetable", a).json()).hasSize(1);
        assertThat(api.get("/api/v1/me/timetable?date=" + TestStack.today().plusDays(1), teacher).json()).isEmpty();
        assertThat(api.get("/api/v1/me/timetable?date=tomorrow", teacher).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/api/v1/me/open-sessions", a).json()).isEmpty();

        String sessionId = api.post("/api/v1/sessions", teacher, Map.of("periodId", r.get("period"))).json().path("sessionId").asString();
        JsonNode withSession = api.get("/api/v1/me/timetable", teacher).json().get(0).path("session");
        assertThat(withSession.path("sessionId").asString()).isEqualTo(sessionId);
        assertThat(withSession.path("status").asString()).isEqualTo("OPEN");
        JsonNode open = api.get("/api/v1/me/open-sessions", a).json();
        assertThat(open).hasSize(1);
        assertThat(open.get(0).path("subjectName").asString()).isEqualTo("Operating Systems");
        assertThat(open.get(0).path("marked").asBoolean()).isFalse();

        String token = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();
        assertThat(api.post("/api/v1/scans", a, Fixtures.scan(UUID.randomUUID(), token), Fixtures.device("dev-a-wr1"))
                .status()).isEqualTo(202);
        assertThat(api.get("/api/v1/me/open-sessions", a).json().get(0).path("marked").asBoolean()).isTrue();
        JsonNode session = api.get("/api/v1/sessions/" + sessionId, teacher).json();
        assertThat(session.path("subjectId").asString()).isEqualTo(r.get("subject"));
        assertThat(session.path("periodId").asString()).isEqualTo(r.get("period"));

        api.post("/api/v1/sessions/" + sessionId + "/close", teacher, null);
        assertThat(api.get("/api/v1/me/open-sessions", a).json()).isEmpty();
        assertThat(api.get("/api/v1/me/timetable", teacher).json().get(0).path("session").path("status").asString()).isEqualTo("CLOSED");
    }

    @Test
    void aSubjectsSessionsNewestFirstInPages() {
        Map<String, String> r = api.classWithPeriodToday(admin, "wr2");
        String teacher = api.login(r.get("teacher"));
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(0, api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30))
                    .json().path("sessionId").asString());
        }
        JsonNode subjects = api.get("/api/v1/me/subjects", teacher).json();
        assertThat(subjects).hasSize(1);
        assertThat(subjects.get(0).path("subjectName").asString()).isEqualTo("Operating Systems");

        List<String> seen = new ArrayList<>();
        String next = "/api/v1/sessions?subjectId=" + r.get("subject") + "&limit=2";
        int pages = 0;
        while (next != null) {
            Api.Response page = api.get(next, teacher);
            assertThat(page.status()).isEqualTo(200);
            page.json().forEach(s -> seen.add(s.path("sessionId").asString()));
            next = page.headers().firstValue("Link").map(l -> l.replaceAll("^<([^>]+)>; rel=\"next\"$", "$1")).orElse(null);
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(opened);
        assertThat(api.get("/api/v1/sessions?subjectId=" + r.get("subject") + "&before=garbage", teacher).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/api/v1/sessions?subjectId=" + r.get("subject") + "&limit=0", teacher).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/sessions?subjectId=nope", teacher).code()).isEqualTo("NOT_FOUND");
        assertThat(api.get("/api/v1/sessions?subjectId=" + r.get("subject") + "&from=" + TestStack.today().plusDays(1), teacher).json())
                .isEmpty();
    }

    @Test
    void signInOptionsNameTheCollegeAndTheAccountsToTry() {
        api.classWithPeriodToday(admin, "wr3");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode options = api.get("/api/v1/auth/options", null).json();
            assertThat(options.path("devLogin").asBoolean()).isTrue();
            assertThat(options.path("google").asBoolean()).isTrue();
            // the college's zone in a form browsers read (Java's "Z" is refused by Intl): the same offset
            String zone = options.path("zone").asString();
            assertThat(zone).isNotEqualTo("Z");
            assertThat(ZoneId.of(zone).getRules().getOffset(Instant.now())).isEqualTo(TestStack.ZONE);
            assertThat(options.path("atRiskThreshold").asDouble()).isEqualTo(0.75);
            assertThat(options.path("termStart").asString()).isEqualTo(TestStack.TERM_START.toString());
            List<String> roles = new ArrayList<>();
            options.path("accounts").forEach(a -> roles.add(a.path("role").asString()));
            assertThat(roles).contains("TEACHER", "STUDENT", "ADMIN");
        });
    }
}
