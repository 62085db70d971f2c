package edu.attendance.dashboard.reports;

import edu.attendance.platform.security.CurrentUser;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;

/** Read-side reports over ClickHouse (TEACHER: own classes; ADMIN, MANAGEMENT: all). */
@RestController
@Validated
public class ReportController {

    private final StudentSummaries summaries;

    public ReportController(StudentSummaries summaries) {
        this.summaries = summaries;
    }

    @GetMapping("/api/v1/reports/student-summary")
    public Mono<List<StudentSummaries.SubjectSummary>> studentSummary(
            @RequestParam @NotBlank @Size(max = 254) String studentEmail) {
        return CurrentUser.get().flatMap(user -> Mono.fromCallable(() -> summaries.forStudent(user, studentEmail))
                .subscribeOn(Schedulers.boundedElastic()));
    }
}
