package edu.attendance.systemtests.reports;

import edu.attendance.systemtests.Api;

import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.TestStack;

import edu.attendance.launcher.demo.DemoCollege;
import edu.attendance.platform.AttendanceProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo college a fresh `./attendance run` loads: a roster, a timetable open today, and a term of history in ClickHouse. */
class DemoCollegeIT {

    @Test
    void aFreshPlatformGetsACollegeWithHistoryAndStudentsAtRisk(@TempDir Path dir) throws Exception {
        try (EmbeddedStack platform = TestStack.start(dir)) {
            assertThat(DemoCollege.isEmpty(platform.context())).isTrue();
            AttendanceProperties props = platform.context().getBean(AttendanceProperties.class);
            List<String> lines = new ArrayList<>();
            DemoCollege.Summary demo = new DemoCollege(platform.context(), props.collegeZone(), LocalDate.now(props.collegeZone()))
                    .load(lines::add);
            assertThat(DemoCollege.isEmpty(platform.context())).isFalse();
            assertThat(demo.students()).isEqualTo(300);
            // every weekday of ten weeks: 16 subjects daily and the lab on Wednesdays, 75 students each
            assertThat(demo.decisions()).isEqualTo(50 * 16 * 75 + 10 * 75);
            assertThat(lines.getLast()).endsWith(demo.decisions() + " in ClickHouse");

            Api api = new Api(platform.baseUrl());
            String teacher = api.login(demo.teacher());
            JsonNode today = api.get("/api/v1/me/timetable", teacher).json();
            assertThat(today).anySatisfy(p -> {
                assertThat(p.path("subjectName").asString()).isEqualTo("Data Structures Lab");
                assertThat(p.path("endTime").asString()).isEqualTo("23:59:00");
            });
            String student = api.login(demo.student());
            assertThat(api.get("/api/v1/me/summary", student).json()).hasSize(5);

            String manager = api.login(demo.manager());
            Set<String> reasons = new HashSet<>();
            for (String department : List.of("CSE", "ECE")) {
                api.get("/api/v1/reports/at-risk?departmentId=" + department, manager).json()
                        .forEach(row -> row.path("reasons").forEach(r -> reasons.add(r.asString())));
            }
            assertThat(reasons).contains("BELOW_THRESHOLD", "CONSECUTIVE_ABSENCES", "RECENT_DROP");
            // the history's ten weeks, asked for by date: the test term starts 60 days back, so the default period's
            // weeks depend on the weekday the test runs on (nine when that day falls on a weekend)
            LocalDate day = LocalDate.now(props.collegeZone());
            JsonNode trend = api.get("/api/v1/reports/trends?scope=department&id=CSE&granularity=week&from=" + day.minusWeeks(10)
                    + "&to=" + day, manager).json();
            assertThat(trend.size()).isGreaterThanOrEqualTo(10);
        }
    }
}
