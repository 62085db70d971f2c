package edu.attendance.ingest.roster;

import edu.attendance.platform.security.CurrentUser;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.Blocking;
import edu.attendance.platform.web.ErrorCode;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** ADMIN: roster and timetable import (CSV) and read-back (JSON). */
@RestController
class RosterController {

    /** 50 000 students are ~3 MB; anything past this is not a roster. */
    static final int MAX_CSV_BYTES = 32 * 1024 * 1024;

    private final RosterImporter importer;

    public RosterController(RosterImporter importer) {
        this.importer = importer;
    }

    @PostMapping(path = "/api/v1/admin/roster/{entity}")
    @RequestBody(required = true, description = "the whole file: UTF-8 CSV with a header row (a BOM is allowed)",
            content = {@Content(mediaType = "text/csv",
                    schema = @Schema(type = "string")),
                    @Content(mediaType = "text/plain",
                            schema = @Schema(type = "string"))})
    public Mono<RosterImporter.Result> importCsv(@PathVariable String entity, ServerWebExchange exchange) {
        return CurrentUser.get().flatMap(user -> {
            user.require(Role.ADMIN);
            RosterEntity e = entityOf(entity);
            MediaType type = exchange.getRequest().getHeaders().getContentType();
            if (type != null && !(type.isCompatibleWith(MediaType.parseMediaType("text/csv"))
                    || type.isCompatibleWith(MediaType.TEXT_PLAIN))) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "send the roster as text/csv");
            }
            return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_CSV_BYTES)
                    .map(buffer -> {
                        try {
                            byte[] bytes = new byte[buffer.readableByteCount()];
                            buffer.read(bytes);
                            return utf8(bytes);
                        } finally {
                            DataBufferUtils.release(buffer);
                        }
                    })
                    .defaultIfEmpty("")
                    .flatMap(csv -> Blocking.call(() -> importer.importCsv(e, csv, user.email())));
        });
    }

    @GetMapping("/api/v1/admin/roster/{entity}")
    public Mono<List<Map<String, Object>>> list(@PathVariable String entity) {
        return CurrentUser.get().flatMap(user -> {
            user.require(Role.ADMIN);
            RosterEntity e = entityOf(entity);
            return Blocking.call(() -> importer.list(e));
        });
    }

    private static RosterEntity entityOf(String path) {
        return RosterEntity.of(path).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                "no roster entity " + path.replaceAll("[^A-Za-z0-9_-]", "?")));
    }

    private static String utf8(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            int nul = text.indexOf('\0');
            if (nul >= 0) {
                // no text column can hold it; a spreadsheet never writes one
                long line = 1 + text.substring(0, nul).chars().filter(c -> c == '\n').count();
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "the file contains a NUL character",
                        Map.of("errors", List.of(Map.of("line", line, "message", "a NUL character (0x00) is not text"))));
            }
            return text;
        } catch (CharacterCodingException ex) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "the file is not UTF-8",
                    Map.of("errors", List.of(Map.of("line", 1, "message", "the file is not UTF-8"))));
        }
    }
}
