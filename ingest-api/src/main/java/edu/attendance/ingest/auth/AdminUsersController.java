package edu.attendance.ingest.auth;

import edu.attendance.platform.web.Pages;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import java.util.List;
import java.util.Optional;
import edu.attendance.platform.Blocking;
import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.Locale;

/**
 * ADMIN: verifies an administrator or a management member (the roster imports only teachers and
 * students). An addition to the first API; documented in the OpenAPI. Audited.
 */
@RestController
public class AdminUsersController {

    public record NewUser(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 200) String name,
                          @NotNull @Pattern(regexp = "ADMIN|MANAGEMENT") String role) {
    }

    public record UserResponse(String email, String name, String role, boolean verified) {
    }

    private final JdbcClient jdbc;

    public AdminUsersController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One row of {@code GET /admin/users}. */
    public record Account(String email, String name, String role, boolean verified, boolean blocked, String blockedReason) {
    }

    /** ADMIN: everyone who may sign in, by e-mail, filtered by role and blocked state, paged. */
    @GetMapping("/api/v1/admin/users")
    public Mono<ResponseEntity<List<Account>>> list(@RequestParam(required = false) Role role,
                                                    @RequestParam(required = false) Boolean blocked,
                                                    @RequestParam(required = false) Integer limit,
                                                    @RequestParam(required = false) @Size(max = 400) String before) {
        int pageSize = Pages.limit(limit);
        String after = Pages.decode(before, p -> p);
        return CurrentUser.get().flatMap(user -> {
            user.require(Role.ADMIN);
            return Blocking.call(() -> Pages.of(jdbc.sql("""
                            SELECT email, name, role, verified, blocked, blocked_reason FROM users
                            WHERE (CAST(:role AS text) IS NULL OR role = :role)
                              AND (CAST(:blocked AS boolean) IS NULL OR blocked = :blocked)
                              AND (CAST(:after AS text) IS NULL OR email > :after)
                            ORDER BY email LIMIT :limit
                            """)
                            .param("role", role == null ? null : role.name()).param("blocked", blocked).param("after", after)
                            .param("limit", pageSize + 1)
                            .query((rs, i) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                                    rs.getBoolean(5), rs.getString(6)))
                            .list(), pageSize, Account::email,
                    UriComponentsBuilder.fromPath("/api/v1/admin/users")
                            .queryParamIfPresent("role", Optional.ofNullable(role))
                            .queryParamIfPresent("blocked", Optional.ofNullable(blocked))));
        });
    }

    @PostMapping("/api/v1/admin/users")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<UserResponse> create(@Valid @RequestBody NewUser body) {
        String email = body.email().strip().toLowerCase(Locale.ROOT);
        return CurrentUser.get().flatMap(user -> {
            user.require(Role.ADMIN);
            return Blocking.call(() -> {
                int changed = jdbc.sql("""
                        INSERT INTO users (email, name, role, verified) VALUES (?, ?, ?, true)
                        ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, verified = true
                        WHERE users.role IN ('ADMIN', 'MANAGEMENT')
                        """).params(email, body.name(), body.role()).update();
                if (changed == 0) {
                    throw new edu.attendance.platform.web.ApiException(edu.attendance.platform.web.ErrorCode.CONFLICT,
                            email + " is a teacher or student of the roster");
                }
                jdbc.sql("INSERT INTO audit_log (actor, action, target, after) VALUES (?, 'USER_VERIFIED', ?, jsonb_build_object('role', ?::text))")
                        .params(user.email(), "user:" + email, body.role()).update();
                return new UserResponse(email, body.name(), body.role(), true);
            });
        });
    }
}
