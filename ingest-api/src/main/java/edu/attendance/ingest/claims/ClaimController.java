package edu.attendance.ingest.claims;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Absence claims over HTTP (docs/http-api.md, "Absence claims"): a student uploads documents, files, lists and
 * withdraws their own claims; a teacher or admin reads the claims waiting for them and decides each.
 */
@RestController
class ClaimController {

    public record FileBody(@NotNull ClaimKind kind, UUID sessionId, LocalDate from, LocalDate to,
                    @Size(max = 2000) String comment, @Size(max = 10) List<@NotNull UUID> documentIds) {
    }

    public record DecisionBody(@NotNull Boolean approve, @Size(max = 1000) String note) {
    }

    public record Waiting(int open) {
    }

    private final Claims claims;
    private final ClaimSettings settings;

    ClaimController(Claims claims, ClaimSettings settings) {
        this.claims = claims;
        this.settings = settings;
    }

    /**
     * A document for a claim about to be filed: the file itself is the body (PDF, JPEG or PNG, with that
     * {@code Content-Type}), {@code name} its file name. Answers its id, to be named in the claim.
     */
    @PostMapping("/api/v1/me/claim-documents")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<Claims.Document> upload(@RequestParam(required = false) @Size(max = 255) String name, ServerHttpRequest request) {
        long max = settings.maxDocumentSize().toBytes();
        long declared = request.getHeaders().getContentLength();
        if (declared > max) {
            // refused before a byte of it is read
            return Mono.error(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "a document is at most " + settings.maxDocumentSize().toMegabytes() + " MB"));
        }
        String type = request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        return CurrentUser.withRole(Role.STUDENT).flatMap(student -> DataBufferUtils.join(request.getBody(), (int) Math.min(max, Integer.MAX_VALUE - 8))
                .map(ClaimController::bytes)
                .defaultIfEmpty(new byte[0])
                .flatMap(content -> Blocking.call(() -> claims.upload(student.email(), content, mediaTypeOnly(type), name))));
    }

    @PostMapping("/api/v1/me/claims")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<Claims.Claim> file(@Valid @RequestBody FileBody body) {
        return CurrentUser.withRole(Role.STUDENT).flatMap(student -> Blocking.call(() -> claims.file(student.email(),
                new Claims.Filing(body.kind(), body.sessionId(), body.from(), body.to(), body.comment(), body.documentIds()))));
    }

    @GetMapping("/api/v1/me/claims")
    public Mono<List<Claims.Claim>> mine() {
        return CurrentUser.withRole(Role.STUDENT).flatMap(student -> Blocking.call(() -> claims.mine(student.email())));
    }

    @PostMapping("/api/v1/me/claims/{id}/withdraw")
    public Mono<Claims.Claim> withdraw(@PathVariable UUID id) {
        return CurrentUser.withRole(Role.STUDENT).flatMap(student -> Blocking.call(() -> claims.withdraw(student.email(), id)));
    }

    /** The claims waiting for the caller (or decided ones, by {@code status}): a teacher's own, every claim for an admin. */
    @GetMapping("/api/v1/claims")
    public Mono<List<Claims.Claim>> queue(@RequestParam(defaultValue = "OPEN") @Pattern(regexp = "OPEN|APPROVED|REJECTED|WITHDRAWN") String status) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> claims.queue(user, status)));
    }

    @GetMapping("/api/v1/claims/waiting")
    public Mono<Waiting> waiting() {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> new Waiting(claims.waiting(user))));
    }

    @GetMapping("/api/v1/claims/{id}")
    public Mono<Claims.Claim> get(@PathVariable UUID id) {
        return CurrentUser.withRole(Role.STUDENT, Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> claims.readable(user, id)));
    }

    /** A claim's document, as a download (never shown inline: the browser does not render what a student uploaded here). */
    @GetMapping("/api/v1/claims/{id}/documents/{documentId}")
    public Mono<ResponseEntity<byte[]>> document(@PathVariable UUID id, @PathVariable UUID documentId) {
        return CurrentUser.withRole(Role.STUDENT, Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> {
            Claims.StoredDocument d = claims.document(user, id, documentId);
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(d.document().mediaType()))
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                            .filename(d.document().fileName(), StandardCharsets.UTF_8).build().toString())
                    .header("Content-Security-Policy", "sandbox; default-src 'none'")
                    .cacheControl(CacheControl.noStore().cachePrivate())
                    .body(d.content());
        }));
    }

    @PostMapping("/api/v1/claims/{id}/decision")
    public Mono<Claims.Claim> decide(@PathVariable UUID id, @Valid @RequestBody DecisionBody body) {
        return CurrentUser.withRole(Role.TEACHER, Role.ADMIN).flatMap(user -> Blocking.call(() -> claims.decide(user, id, body.approve(), body.note())));
    }

    /** The media type without its parameters; what the body is decides, this must only agree with it. */
    private static String mediaTypeOnly(String header) {
        if (header == null) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).strip();
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
