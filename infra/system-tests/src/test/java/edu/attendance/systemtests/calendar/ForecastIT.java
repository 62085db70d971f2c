package edu.attendance.systemtests.calendar;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The eligibility forecast against the real stack: the classes to come are the timetable's up to the term's end less
 * holidays and cancelled periods; what a student can still miss follows from what they attended.
 */
class ForecastIT {

    final Fixtures f = Fixtures.get();
    final Api api = f.api;

    /** The dates of the weekly period after today, up to the term's end (no special days in between). */
    static List<LocalDate> weekly() {
        List<LocalDate> d = new ArrayList<>();
        for (LocalDate x = TestStack.today().plusDays(7); !x.isAfter(TestStack.TERM_END); x = x.plusDays(7)) {
            d.add(x);
        }
        return d;
    }

    @Test
    void whatAStudentCanStillMissFollowsTheTimetableTheCalendarAndTheirRecord() {
        Map<String, String> r = api.classWithPeriodToday(f.admin(), "fc1");
        String teacher = api.login(r.get("teacher"));
        String asha = api.login(r.get("a"));
        String bilal = api.login(r.get("b"));
        String session = api.post("/api/v1/sessions", teacher, Map.of("periodId", r.get("period"))).json().path("sessionId").asString();
        assertThat(api.post("/api/v1/sessions/" + session + "/marks", teacher, Map.of("studentEmail", r.get("a"), "status", "PRESENT",
                "reason", "seen in class")).status()).isEqualTo(202);
        assertThat(api.post("/api/v1/sessions/" + session + "/close", teacher, null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/me/forecast", bilal).json().size() == 1
                && api.get("/api/v1/me/forecast", asha).json().size() == 1);

        List<LocalDate> toCome = weekly();
        int n = toCome.size();
        assertThat(n).as("ten weeks of term to come").isGreaterThanOrEqualTo(9);
        // Asha: 1 of 1; at most ⌊1 + n − 0.75·(1 + n)⌋ absences
        JsonNode a = api.get("/api/v1/me/forecast", asha).json().get(0);
        assertThat(a.path("remaining").asInt()).isEqualTo(n);
        int aFree = (int) Math.floor(1 + n - 0.75 * (1 + n) + 1e-9);
        assertThat(a.path("affordableAbsences").asInt()).isEqualTo(aFree);
        assertThat(a.path("outcome").asString()).isEqualTo("ON_TRACK");
        assertThat(a.path("lostOn").asString()).isEqualTo(toCome.get(aFree).toString());
        assertThat(a.path("termEnd").asString()).isEqualTo(TestStack.TERM_END.toString());
        // Bilal: 0 of 1
        JsonNode b = api.get("/api/v1/me/forecast", bilal).json().get(0);
        int bFree = (int) Math.floor(n - 0.75 * (1 + n) + 1e-9);
        assertThat(b.path("affordableAbsences").asInt()).isEqualTo(bFree);

        // a holiday on next week's day and the period cancelled the week after: two classes fewer to come
        LocalDate holiday = toCome.get(0);
        LocalDate cancelled = toCome.get(1);
        try {
            assertThat(api.upload("/api/v1/admin/calendar", f.admin(), "text/csv",
                    ("date,kind,follows,name\n" + holiday + ",HOLIDAY,,Founders' Day\n").getBytes()).status()).isEqualTo(200);
            assertThat(api.post("/api/v1/periods/" + r.get("period") + "/cancellations", teacher,
                    Map.of("date", cancelled.toString(), "reason", "Exam duty")).status()).isEqualTo(201);
            JsonNode fewer = api.get("/api/v1/me/forecast", asha).json().get(0);
            assertThat(fewer.path("remaining").asInt()).isEqualTo(n - 2);
            assertThat(fewer.path("affordableAbsences").asInt()).isEqualTo((int) Math.floor(1 + (n - 2) - 0.75 * (n - 1) + 1e-9));
            assertThat(fewer.path("lostOn").asString()).as("counted over the classes that are held")
                    .isEqualTo(toCome.subList(2, n).get(fewer.path("affordableAbsences").asInt()).toString());

            // her teacher reads the same; a teacher of another class does not
            assertThat(api.get("/api/v1/reports/student-forecast?studentEmail=" + r.get("a"), teacher).json().get(0)
                    .path("remaining").asInt()).isEqualTo(n - 2);
            Map<String, String> other = api.classWithPeriodToday(f.admin(), "fc2");
            assertThat(api.get("/api/v1/reports/student-forecast?studentEmail=" + r.get("a"), api.login(other.get("teacher"))).code())
                    .isEqualTo("FORBIDDEN");
            assertThat(api.get("/api/v1/me/forecast", teacher).status()).isEqualTo(403);
        } finally {
            api.delete("/api/v1/admin/calendar/" + holiday, f.admin());
            api.delete("/api/v1/periods/" + r.get("period") + "/cancellations/" + cancelled, teacher);
        }
    }
}
