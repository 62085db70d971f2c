package edu.attendance.reports.export;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** {@code GET /api/v1/exports/register}: the monthly class register as XLSX or PDF. */
@RestController
@Validated
public class ExportController {

    private final Registers registers;

    public ExportController(Registers registers) {
        this.registers = registers;
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
        ExportFormat f = switch (format.toLowerCase(Locale.ROOT)) {
            case "pdf" -> ExportFormat.PDF;
            case "xlsx" -> ExportFormat.XLSX;
            default -> null;
        };
        if (f == null) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "format must be xlsx or pdf"));
        }
        return CurrentUser.get().flatMap(user -> Mono.fromCallable(() -> registers.register(user, classId, subjectId, m, f))
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(file -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(file.mediaType()))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.name()).build().toString())
                        .header("X-Content-Type-Options", "nosniff")
                        .body(file.content()));
    }
}
