package edu.attendance.systemtests.reports;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin's and management's reads: users, the audit log, report runs — filtered and paged. */
class AdminReadsIT {

    static final Api api = Fixtures.get().api;
    static final String admin = Fixtures.get().admin();


    @Test
    void usersFilteredByRoleAndBlockedStateInPages() {
        Map<String, String> r = api.classWithPeriodToday(admin, "ar1");
        // block one student the way the platform does: an integrity FAIL
        String c = api.login(r.get("c"));
        api.post("/api/v1/devices", c, Map.of("deviceUuid", "ar1-c", "fingerprintHash", "fp-ar1-c-print", "platform", "ANDROID",
                "integrity", "FAIL"));
        List<String> students = new ArrayList<>();
        String next = "/api/v1/admin/users?role=STUDENT&limit=7";
        while (next != null) {
            Api.Response page = api.get(next, admin);
            assertThat(page.status()).isEqualTo(200);
            page.json().forEach(u -> {
                assertThat(u.path("role").asString()).isEqualTo("STUDENT");
                students.add(u.path("email").asString());
            });
            next = page.headers().firstValue("Link").map(l -> l.replaceAll("^<([^>]+)>; rel=\"next\"$", "$1")).orElse(null);
        }
        assertThat(students).contains(r.get("a"), r.get("b"), r.get("c"), r.get("d")).isSorted().doesNotHaveDuplicates();
        JsonNode blocked = api.get("/api/v1/admin/users?blocked=true", admin).json();
        JsonNode mine = null;
        for (JsonNode u : blocked) {
            assertThat(u.path("blocked").asBoolean()).isTrue();
            if (u.path("email").asString().equals(r.get("c"))) {
                mine = u;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("blockedReason").asString()).isEqualTo("integrity check failed");
        assertThat(api.get("/api/v1/admin/users?role=JANITOR", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/admin/users?limit=1001", admin).code()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void theAuditLogByActorTargetAndDayNewestFirst() {
        Map<String, String> r = api.classWithPeriodToday(admin, "ar2");
        String c = api.login(r.get("c"));
        api.post("/api/v1/devices", c, Map.of("deviceUuid", "ar2-c", "fingerprintHash", "fp-ar2-c-print", "platform", "ANDROID",
                "integrity", "FAIL"));
        assertThat(api.post("/api/v1/admin/users/" + r.get("c") + "/unblock", admin, null).status()).isEqualTo(200);
        JsonNode unblocked = api.get("/api/v1/admin/audit?target=" + r.get("c") + "&from=" + TestStack.today(), admin).json();
        assertThat(unblocked.get(0).path("action").asString()).isEqualTo("USER_UNBLOCKED");
        assertThat(unblocked.get(0).path("target").asString()).isEqualTo("user:" + r.get("c"));
        assertThat(unblocked.get(0).path("after").path("blocked").asBoolean(true)).isFalse();
        JsonNode byStudent = api.get("/api/v1/admin/audit?actor=" + r.get("c").toUpperCase(Locale.ROOT), admin).json();
        assertThat(byStudent).extracting(e -> e.path("action").asString()).contains("DEVICE_BLOCKED");
        JsonNode byAdmin = api.get("/api/v1/admin/audit?actor=admin@college.test&target=" + r.get("c"), admin).json();
        assertThat(byAdmin).isNotEmpty().allSatisfy(e -> assertThat(e.path("actor").asString()).isEqualTo("admin@college.test"));
        assertThat(api.get("/api/v1/admin/audit?target=" + r.get("c") + "&to=" + TestStack.today().minusDays(1), admin).json()).isEmpty();
        assertThat(api.get("/api/v1/admin/audit?from=2026-02-01&to=2026-01-01", admin).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/api/v1/admin/audit?before=nope", admin).code()).isEqualTo("VALIDATION_FAILED");
        Api.Response one = api.get("/api/v1/admin/audit?limit=1", admin);
        assertThat(one.json()).hasSize(1);
        assertThat(one.headers().firstValue("Link").orElseThrow()).contains("rel=\"next\"").contains("before=");
    }

    @Test
    void reportRunsNewestFirst() {
        String manager = "dean-ar3@college.test";
        assertThat(api.post("/api/v1/admin/users", admin, Map.of("email", manager, "name", "Dean", "role", "MANAGEMENT")).status())
                .isEqualTo(201);
        String token = api.login(manager);
        String first = api.post("/api/v1/reports/runs", token, Map.of("job", "trends")).json().path("runId").asString();
        String second = api.post("/api/v1/reports/runs", token, Map.of("job", "at-risk")).json().path("runId").asString();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode runs = api.get("/api/v1/reports/runs?limit=50", token).json();
            List<String> ids = new ArrayList<>();
            runs.forEach(x -> ids.add(x.path("runId").asString()));
            assertThat(ids).containsSubsequence(second, first);
            assertThat(api.get("/api/v1/reports/runs?job=trends&limit=50", token).json())
                    .allSatisfy(x -> assertThat(x.path("job").asString()).isEqualTo("trends"));
        });
        assertThat(api.get("/api/v1/reports/runs?job=payroll", token).code()).isEqualTo("VALIDATION_FAILED");
        Api.Response page = api.get("/api/v1/reports/runs?limit=1", token);
        assertThat(page.json()).hasSize(1);
        assertThat(page.headers().firstValue("Link")).isPresent();
    }
}
