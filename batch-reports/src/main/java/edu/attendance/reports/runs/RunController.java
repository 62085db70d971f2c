package edu.attendance.reports.runs;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.Pages;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code POST /api/v1/reports/runs}, {@code GET /api/v1/reports/runs/{runId}} and the run's files. */
@RestController
@Validated
class RunController {

    public record StartRun(@NotBlank @Size(max = 32) String job) {
    }

    private final ReportRuns runs;

    public RunController(ReportRuns runs) {
        this.runs = runs;
    }

    @PostMapping("/api/v1/reports/runs")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<Map<String, String>> start(@Valid @RequestBody StartRun body) {
        return CurrentUser.withRole(Role.ADMIN, Role.MANAGEMENT).flatMap(user -> Blocking.call(() -> Map.of("runId", runs.start(user, body.job()))));
    }

    /** ADMIN, MANAGEMENT: the runs (of one job, or all), newest first, as {@code GET /reports/runs/{runId}}, paged. */
    @GetMapping("/api/v1/reports/runs")
    public Mono<ResponseEntity<List<ReportRuns.Run>>> list(@RequestParam(required = false) @Size(max = 32) String job,
                                                                     @RequestParam(required = false) Integer limit,
                                                                     @RequestParam(required = false) @Size(max = 40) String before) {
        int pageSize = Pages.limit(limit);
        Long beforeId = Pages.decode(before, Long::valueOf);
        return CurrentUser.withRole(Role.ADMIN, Role.MANAGEMENT).flatMap(user -> Blocking.call(() -> Pages.of(runs.list(job, beforeId, pageSize + 1),
                        pageSize, ReportRuns.Run::runId, UriComponentsBuilder.fromPath("/api/v1/reports/runs")
                                .queryParamIfPresent("job", Optional.ofNullable(job)))));
    }

    @GetMapping("/api/v1/reports/runs/{runId}")
    public Mono<ReportRuns.Run> get(@PathVariable @Size(max = 20) String runId) {
        return CurrentUser.withRole(Role.ADMIN, Role.MANAGEMENT).flatMap(user -> Blocking.call(() -> runs.get(runId)));
    }

    @GetMapping("/api/v1/reports/runs/{runId}/files/{name}")
    public Mono<ResponseEntity<Resource>> file(@PathVariable @Size(max = 20) String runId, @PathVariable @Size(max = 64) String name) {
        return CurrentUser.withRole(Role.ADMIN, Role.MANAGEMENT).flatMap(user -> Blocking.call(() -> runs.file(runId, name)))
                .map((Path p) -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(p.toString().endsWith(".pdf") ? "application/pdf"
                                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(p.getFileName().toString()).build().toString())
                        .header("X-Content-Type-Options", "nosniff")
                        .body(new FileSystemResource(p)));
    }
}
