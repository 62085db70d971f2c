package edu.attendance.ingest.auth;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.platform.web.Pages;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Optional;

/**
 * ADMIN only: the accounts that may sign in, and verifying an administrator or a management member (the roster
 * imports only teachers and students). An addition to the first API; documented in the OpenAPI. Audited.
 */
@RestController
class AdminUsersController {

    public record NewUser(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 200) String name,
                          @NotNull @Pattern(regexp = "ADMIN|MANAGEMENT") String role) {
    }

    public record UserResponse(String email, String name, Role role, boolean verified) {
    }

    private final Users users;

    public AdminUsersController(Users users) {
        this.users = users;
    }

    /** Everyone who may sign in, by e-mail, filtered by role and blocked state, paged. */
    @GetMapping("/api/v1/admin/users")
    public Mono<ResponseEntity<List<Users.Account>>> list(@RequestParam(required = false) Role role,
                                                          @RequestParam(required = false) Boolean blocked,
                                                          @RequestParam(required = false) Integer limit,
                                                          @RequestParam(required = false) @Size(max = 400) String before) {
        int pageSize = Pages.limit(limit);
        String after = Pages.decode(before, p -> p);
        return CurrentUser.withRole(Role.ADMIN).flatMap(user -> Blocking.call(() -> Pages.of(
                users.list(role, blocked, after, pageSize + 1), pageSize, Users.Account::email,
                UriComponentsBuilder.fromPath("/api/v1/admin/users")
                        .queryParamIfPresent("role", Optional.ofNullable(role))
                        .queryParamIfPresent("blocked", Optional.ofNullable(blocked)))));
    }

    @PostMapping("/api/v1/admin/users")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<UserResponse> create(@Valid @RequestBody NewUser body) {
        String email = Users.normalise(body.email());
        Role role = Role.valueOf(body.role());
        return CurrentUser.withRole(Role.ADMIN).flatMap(user -> Blocking.call(() -> {
            if (!users.verifyStaff(user.email(), email, body.name(), role)) {
                throw new ApiException(ErrorCode.CONFLICT, email + " is a teacher or student of the roster");
            }
            return new UserResponse(email, body.name(), role, true);
        }));
    }
}
