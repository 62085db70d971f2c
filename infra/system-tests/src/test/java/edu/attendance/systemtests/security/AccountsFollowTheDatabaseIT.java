package edu.attendance.systemtests.security;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An access token is worth what the database says now, not what it said when the token was signed: a demoted admin,
 * a deleted account, a revoked login family are refused on their next request (the whole platform, real PostgreSQL).
 */
class AccountsFollowTheDatabaseIT {

    static final Api api = Fixtures.get().api;
    static final String admin = Fixtures.get().admin();

    static Api.Response createStaff(String token, String email, String role) {
        return api.post("/api/v1/admin/users", token, Map.of("email", email, "name", "Staff " + email, "role", role));
    }

    @Test
    void aDemotedAdminsTokenNoLongerActsAsAdmin() {
        assertThat(createStaff(admin, "boss-a@college.test", "ADMIN").status()).isEqualTo(201);
        String boss = api.login("boss-a@college.test");
        assertThat(api.get("/api/v1/admin/users", boss).status()).isEqualTo(200);

        // demoted by another admin through the API: the very next request of the old token is MANAGEMENT's
        assertThat(createStaff(admin, "boss-a@college.test", "MANAGEMENT").status()).isEqualTo(201);
        Api.Response escalate = createStaff(boss, "evil-a@college.test", "ADMIN");
        assertThat(escalate.status()).isEqualTo(403);
        assertThat(escalate.code()).isEqualTo("FORBIDDEN");
        assertThat(api.get("/api/v1/admin/users", boss).status()).isEqualTo(403);
        // what MANAGEMENT may do, the old token still may
        assertThat(api.get("/api/v1/me", boss).status()).isEqualTo(200);
        JdbcTemplate pg = TestStack.get().context().getBean(JdbcTemplate.class);
        assertThat(pg.queryForObject("SELECT count(*) FROM users WHERE email = 'evil-a@college.test'", Long.class)).isZero();
    }

    @Test
    void aRoleChangedBehindThePlatformsBackCountsToo() {
        assertThat(createStaff(admin, "boss-b@college.test", "ADMIN").status()).isEqualTo(201);
        String boss = api.login("boss-b@college.test");
        assertThat(api.get("/api/v1/admin/users", boss).status()).isEqualTo(200);
        // an operator with psql: no instance wrote it, the table's trigger tells every instance
        TestStack.get().context().getBean(JdbcTemplate.class)
                .update("UPDATE users SET role = 'MANAGEMENT' WHERE email = 'boss-b@college.test'");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/admin/users", boss).status() == 403);
    }

    @Test
    void aDeletedAccountsTokenIsRefused() {
        assertThat(createStaff(admin, "gone-a@college.test", "MANAGEMENT").status()).isEqualTo(201);
        String gone = api.login("gone-a@college.test");
        assertThat(api.get("/api/v1/me", gone).status()).isEqualTo(200);
        JdbcTemplate pg = TestStack.get().context().getBean(JdbcTemplate.class);
        pg.update("DELETE FROM refresh_tokens WHERE email = 'gone-a@college.test'");
        pg.update("DELETE FROM users WHERE email = 'gone-a@college.test'");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/me", gone).status() == 401);
        assertThat(api.get("/api/v1/me", gone).code()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void anUnverifiedAccountsTokenIsRefused() {
        assertThat(createStaff(admin, "unverified-a@college.test", "MANAGEMENT").status()).isEqualTo(201);
        String token = api.login("unverified-a@college.test");
        assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
        TestStack.get().context().getBean(JdbcTemplate.class)
                .update("UPDATE users SET verified = false WHERE email = 'unverified-a@college.test'");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/me", token).status() == 401);
    }

    @Test
    void reusingARefreshTokenAfterTheGraceRevokesTheFamilysAccessTokens() throws Exception {
        assertThat(createStaff(admin, "family-a@college.test", "MANAGEMENT").status()).isEqualTo(201);
        Api.Response first = api.post("/api/v1/auth/dev-login", null, Map.of("email", "family-a@college.test"));
        String access1 = first.json().path("accessToken").asString();
        String refresh1 = first.json().path("refreshToken").asString();
        // two tabs refreshing the same token at the same moment, and a third a little later (an answer lost on the way):
        // all signed in, all with the same successor
        ExecutorService two = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> racing = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racing.add(two.submit(() -> {
                go.await();
                return api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh1));
            }));
        }
        go.countDown();
        Api.Response a = racing.get(0).get();
        Api.Response b = racing.get(1).get();
        two.shutdown();
        Api.Response late = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh1));
        assertThat(List.of(a.status(), b.status(), late.status())).containsOnly(200);
        String refresh2 = a.json().path("refreshToken").asString();
        assertThat(b.json().path("refreshToken").asString()).isEqualTo(refresh2);
        assertThat(late.json().path("refreshToken").asString()).isEqualTo(refresh2);
        String access2 = a.json().path("accessToken").asString();
        assertThat(api.get("/api/v1/me", access1).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/me", access2).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/me", b.json().path("accessToken").asString()).status()).isEqualTo(200);
        // another login of the same person is another family, untouched by this one's revocation
        String otherLogin = api.login("family-a@college.test");

        // the spent refresh token again after the grace (a thief's copy): the family is revoked with every access token
        TestStack.get().context().getBean(JdbcTemplate.class).update(
                "UPDATE refresh_tokens SET used_at = used_at - interval '1 hour' WHERE email = 'family-a@college.test' AND used_at IS NOT NULL");
        assertThat(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh1)).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", access1).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", access2).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", otherLogin).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh2)).status()).isEqualTo(401);
    }

    @Test
    void signingOutEndsTheLoginOnTheServer() {
        assertThat(createStaff(admin, "leaving-a@college.test", "MANAGEMENT").status()).isEqualTo(201);
        Api.Response login = api.post("/api/v1/auth/dev-login", null, Map.of("email", "leaving-a@college.test"));
        String access = login.json().path("accessToken").asString();
        String refresh = login.json().path("refreshToken").asString();
        String otherLogin = api.login("leaving-a@college.test");
        assertThat(api.post("/api/v1/auth/sign-out", null, Map.of("refreshToken", refresh)).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh)).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", access).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", otherLogin).status()).isEqualTo(200);
        // again, or with a token nobody issued: the same answer, nothing learnt
        assertThat(api.post("/api/v1/auth/sign-out", null, Map.of("refreshToken", refresh)).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/auth/sign-out", null, Map.of("refreshToken", "never-issued")).status()).isEqualTo(204);
    }
}
