package edu.attendance.ingest.claims;

import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * The rules of a claim that need no database (docs/rules.md, "Absence claims"): which days it may cover, what a
 * document must be, what a decision must say. Plain Java, each rule once.
 */
final class ClaimRules {

    private ClaimRules() {
    }

    /** What a document is, read from its first bytes (never from the name or the type the phone declared). */
    enum DocumentType {
        PDF("application/pdf", new byte[]{'%', 'P', 'D', 'F', '-'}),
        JPEG("image/jpeg", new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
        PNG("image/png", new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});

        private final String mediaType;
        private final byte[] magic;

        DocumentType(String mediaType, byte[] magic) {
            this.mediaType = mediaType;
            this.magic = magic;
        }

        String mediaType() {
            return mediaType;
        }

        private boolean starts(byte[] content) {
            return content.length > magic.length && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
        }
    }

    /**
     * The days a claim covers, checked: not before {@code from}, not in the future (a claim is about sessions that were
     * held), at most {@code maxDays} days, and its first day no further back than the deadline.
     */
    static void checkDays(LocalDate from, LocalDate to, LocalDate today, ClaimSettings settings) {
        if (from == null || to == null || to.isBefore(from)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "give from and to, from not after to");
        }
        if (to.isAfter(today)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a claim covers days that have begun; " + to + " is in the future");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > settings.maxDays()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a claim covers at most " + settings.maxDays() + " days");
        }
        LocalDate earliest = today.minus(settings.deadline());
        if (from.isBefore(earliest)) {
            throw new ApiException(ErrorCode.CLAIM_TOO_LATE, "claims are filed within " + settings.deadline().getDays()
                    + " days of the class; the earliest day you can claim now is " + earliest);
        }
    }

    /**
     * A document's type from its content; it must be a PDF, JPEG or PNG, not empty, within the size limit, and what the
     * phone declared must agree with what it is (a renamed file is refused, not stored under a false type).
     */
    static DocumentType checkDocument(byte[] content, String declared, ClaimSettings settings) {
        if (content.length == 0) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "the document is empty");
        }
        if (content.length > settings.maxDocumentSize().toBytes()) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "a document is at most " + settings.maxDocumentSize().toMegabytes() + " MB");
        }
        DocumentType type = Arrays.stream(DocumentType.values()).filter(t -> t.starts(content)).findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.UNSUPPORTED_DOCUMENT, "a document is a PDF, JPEG or PNG file"));
        if (declared == null || !declared.equalsIgnoreCase(type.mediaType())) {
            throw new ApiException(ErrorCode.UNSUPPORTED_DOCUMENT, "the file says it is " + declared + " but it is " + type.mediaType());
        }
        return type;
    }

    /** A file name as shown to the reviewer: its last path part, printable characters only, at most 120 of them. */
    static String fileName(String given, DocumentType type) {
        String name = given == null ? "" : given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder();
        name.codePoints().filter(c -> !Character.isISOControl(c) && c != '"' && Character.isDefined(c))
                .limit(120).forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        return result.isEmpty() ? "document." + type.name().toLowerCase(java.util.Locale.ROOT) : result;
    }

    /** A rejection tells the student why; an approval may say nothing. */
    static String checkNote(boolean approve, String note) {
        String n = note == null ? "" : note.strip();
        if (!approve && n.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "say why the claim is rejected: the student reads it");
        }
        if (n.length() > 1000) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a note is at most 1000 characters");
        }
        return n.isEmpty() ? null : n;
    }
}
