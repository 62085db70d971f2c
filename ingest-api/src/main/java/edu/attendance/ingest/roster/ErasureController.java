package edu.attendance.ingest.roster;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * ADMIN: erase students — those named, or a whole class (a graduated cohort) — from every store
 * ({@link Erasures}); the answer names the erasure, whose audit row carries no personal data.
 */
@RestController
class ErasureController {

    /** Exactly one of {@code studentEmails} and {@code classId}. */
    public record ErasureRequest(@Size(min = 1, max = Erasures.MAX_STUDENTS) List<@NotBlank @Email @Size(max = 254) String> studentEmails,
                                 @Size(min = 1, max = 64) String classId) {
    }

    public record ErasureResponse(String erasureId, int students) {
    }

    private final Erasures erasures;

    ErasureController(Erasures erasures) {
        this.erasures = erasures;
    }

    @PostMapping("/api/v1/admin/erasures")
    public Mono<ErasureResponse> erase(@Valid @RequestBody ErasureRequest body) {
        if ((body.studentEmails() == null) == (body.classId() == null)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "give either studentEmails or classId");
        }
        return CurrentUser.withRole(Role.ADMIN).flatMap(user -> Blocking.call(() -> {
            Erasures.Erased done = erasures.erase(user.email(), body.studentEmails(), body.classId());
            return new ErasureResponse(done.erasureId(), done.students());
        }));
    }
}
