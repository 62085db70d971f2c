package edu.attendance.reports.export;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/** The exports as files (XLSX or PDF): the monthly class register, a student's statement, a department's at-risk list. */
@RestController
@Validated
class ExportController {

    private final Registers registers;
    private final Statements statements;
    private final AtRiskExports atRisk;

    public ExportController(Registers registers, Statements statements, AtRiskExports atRisk) {
        this.registers = registers;
        this.statements = statements;
        this.atRisk = atRisk;
    }

    private static ExportFormat format(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "pdf" -> ExportFormat.PDF;
            case "xlsx" -> ExportFormat.XLSX;
            default -> throw new ApiException(ErrorCode.VALIDATION_FAILED, "format must be xlsx or pdf");
        };
    }

    /** A file for a caller with one of {@code roles} (a route's rule). */
    private static Mono<ResponseEntity<byte[]>> file(Function<CurrentUser, Registers.File> work, Role... roles) {
        return CurrentUser.withRole(roles).flatMap(user -> Blocking.call(() -> work.apply(user)))
                .map(file -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(file.mediaType()))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.name()).build().toString())
                        .header("X-Content-Type-Options", "nosniff")
                        .body(file.content()));
    }

    /** A student's statement: the student's own, or anyone's for their teachers, admins and management. */
    @GetMapping("/api/v1/exports/statement")
    public Mono<ResponseEntity<byte[]>> statement(@RequestParam(required = false) @Size(max = 254) String studentEmail,
                                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                                  @RequestParam @NotBlank @Size(max = 4) String format) {
        ExportFormat f = format(format);
        return file(user -> statements.statement(user, studentEmail, from, to, f), Role.values()); // a student: their own
    }

    /** The at-risk list of a department, as the report shows it to the caller. */
    @GetMapping("/api/v1/exports/at-risk")
    public Mono<ResponseEntity<byte[]>> atRisk(@RequestParam @NotBlank @Size(max = 64) String departmentId,
                                               @RequestParam(required = false) Double threshold,
                                               @RequestParam @NotBlank @Size(max = 4) String format) {
        ExportFormat f = format(format);
        return file(user -> atRisk.export(user, departmentId, threshold, f), Role.TEACHER, Role.ADMIN, Role.MANAGEMENT);
    }

    @GetMapping("/api/v1/exports/register")
    public Mono<ResponseEntity<byte[]>> register(@RequestParam @NotBlank @Size(max = 64) String classId,
                                                 @RequestParam @NotBlank @Size(max = 64) String subjectId,
                                                 @RequestParam @NotBlank @Size(max = 7) String month,
                                                 @RequestParam @NotBlank @Size(max = 4) String format) {
        YearMonth m;
        try {
            m = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "month must be YYYY-MM"));
        }
        ExportFormat f = format(format);
        return file(user -> registers.register(user, classId, subjectId, m, f), Role.TEACHER, Role.ADMIN, Role.MANAGEMENT);
    }
}
