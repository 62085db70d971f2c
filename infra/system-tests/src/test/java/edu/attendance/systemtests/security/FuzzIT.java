package edu.attendance.systemtests.security;

import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;

import edu.attendance.testsupport.fuzz.Fuzzer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input over every operation of the platform's own OpenAPI document (see {@link Fuzzer}), as an admin, a student
 * and an anonymous caller: never a 5xx, always a problem+json with a code, no write accepted, and no row written.
 * {@code ./attendance bench fuzz} sends the same generators for longer.
 */
class FuzzIT {

    static final List<String> TABLES = List.of("users", "students", "teachers", "classes", "departments", "subjects",
            "periods", "sessions", "devices", "refresh_tokens", "revoked_families", "outbox", "push_subscriptions",
            "report_subscriptions");

    static Map<String, Long> rowCounts(JdbcTemplate pg) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, pg.queryForObject("SELECT count(*) FROM " + table, Long.class));
        }
        return counts;
    }

    @Test
    void noBadInputGetsAServerErrorOrIsWritten() throws Exception {
        Fixtures fx = Fixtures.get();
        Map<String, String> roster = fx.roster("fz");
        String student = fx.api.login(roster.get("a"));
        String openApi = fx.api.get("/v3/api-docs", null).text();
        Fuzzer fuzzer = new Fuzzer(URI.create(TestStack.get().baseUrl()), openApi);
        assertThat(fuzzer.operationCount()).isGreaterThan(40);
        List<Fuzzer.Case> cases = fuzzer.table(List.of(new Fuzzer.Caller("admin", fx.admin()),
                new Fuzzer.Caller("student", student), new Fuzzer.Caller("anonymous", null)));

        JdbcTemplate pg = TestStack.get().context().getBean(JdbcTemplate.class);
        Map<String, Long> before = rowCounts(pg);
        Fuzzer.Tally tally = new Fuzzer.Tally();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Fuzzer.Case c : cases) {
                pool.submit(() -> tally.add(fuzzer.send(c)));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
        }
        System.out.println("fuzz: " + tally.summary());
        assertThat(tally.requests()).isEqualTo(cases.size());
        assertThat(tally.firstViolations()).as(tally.summary()).isEmpty();
        assertThat(rowCounts(pg)).isEqualTo(before);
    }
}
