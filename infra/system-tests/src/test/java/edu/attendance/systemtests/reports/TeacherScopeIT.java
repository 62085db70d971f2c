package edu.attendance.systemtests.reports;

import edu.attendance.systemtests.TestStack;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A teacher reads a student of their class only in the subjects they teach that class: the student's record in a
 * colleague's subject is the colleague's (and the admin's and management's), not every teacher's of the class.
 */
class TeacherScopeIT {

    final Fixtures f = Fixtures.get();
    final Api api = f.api;

    static List<String> subjects(JsonNode rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.path("subjectId").asString()));
        return ids.stream().distinct().sorted().toList();
    }

    @Test
    void aTeacherSeesAStudentsSummaryAndHistoryInTheirOwnSubjectsOnly() {
        Map<String, String> r = f.roster("ts1");
        // a colleague teaches the same class another subject
        String dow = TestStack.todayDow();
        assertThat(api.csv("courses", f.admin(), "name,course_id\nLinear Algebra,Kts1b\n").status()).isEqualTo(200);
        assertThat(api.csv("teachers", f.admin(), "email,name,designation,department_id\nuts1@college.test,Colleague,Professor,"
                + r.get("department") + "\n").status()).isEqualTo(200);
        assertThat(api.csv("subjects", f.admin(), "subject_id,course_id,class_id,teacher_email\nSts1b,Kts1b," + r.get("class")
                + ",uts1@college.test\n").status()).isEqualTo(200);
        assertThat(api.csv("periods", f.admin(), "period_id,subject_id,day_of_week,period_no,start_time,end_time\nPts1b,Sts1b,"
                + dow + ",2,08:00,20:00\n").status()).isEqualTo(200);
        String teacher = api.login(r.get("teacher"));
        String colleague = api.login("uts1@college.test");
        for (Map.Entry<String, String> held : Map.of(teacher, r.get("period"), colleague, "Pts1b").entrySet()) {
            Api.Response opened = api.post("/api/v1/sessions", held.getKey(), Map.of("periodId", held.getValue()));
            assertThat(opened.status()).isEqualTo(201);
            String id = opened.json().path("sessionId").asString();
            assertThat(api.post("/api/v1/sessions/" + id + "/close", held.getKey(), null).status()).isEqualTo(200);
        }
        String student = "/api/v1/reports/student-summary?studentEmail=" + r.get("a");
        String history = "/api/v1/reports/student-history?studentEmail=" + r.get("a");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(subjects(api.get(student, f.admin()).json())).containsExactly(r.get("subject"), "Sts1b"));

        assertThat(subjects(api.get(student, teacher).json())).containsExactly(r.get("subject"));
        assertThat(subjects(api.get(student, colleague).json())).containsExactly("Sts1b");
        assertThat(subjects(api.get(history, teacher).json())).containsExactly(r.get("subject"));
        assertThat(subjects(api.get(history, colleague).json())).containsExactly("Sts1b");
        assertThat(subjects(api.get(history, f.admin()).json())).containsExactly(r.get("subject"), "Sts1b");
        // a student of a class the teacher does not teach stays refused
        assertThat(api.get("/api/v1/reports/student-summary?studentEmail=" + r.get("outsider"), teacher).code()).isEqualTo("FORBIDDEN");
    }
}
