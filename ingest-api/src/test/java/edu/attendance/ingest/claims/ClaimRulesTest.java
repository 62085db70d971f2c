package edu.attendance.ingest.claims;

import edu.attendance.contracts.AttendanceStatus;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The claim rules that need no database: days, documents, names, notes, routing. */
class ClaimRulesTest {

    static final ClaimSettings SETTINGS = new ClaimSettings(Period.ofDays(7), 14, 3, DataSize.ofKilobytes(10), Period.ofYears(5), Period.ofYears(1));
    static final LocalDate TODAY = LocalDate.parse("2026-12-07");
    static final byte[] PDF = "%PDF-1.7\n1 0 obj\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16};

    static ErrorCode refusal(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.code();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void daysFromTheDeadlineToTodayAreClaimable() {
        ClaimRules.checkDays(TODAY, TODAY, TODAY, SETTINGS);
        ClaimRules.checkDays(TODAY.minusDays(7), TODAY.minusDays(5), TODAY, SETTINGS);
        assertThat(refusal(() -> ClaimRules.checkDays(TODAY.minusDays(8), TODAY.minusDays(5), TODAY, SETTINGS))).isEqualTo(ErrorCode.CLAIM_TOO_LATE);
    }

    @Test
    void noFutureDaysNoBackwardsSpansAndAtMostMaxDays() {
        assertThat(refusal(() -> ClaimRules.checkDays(TODAY, TODAY.plusDays(1), TODAY, SETTINGS))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(refusal(() -> ClaimRules.checkDays(TODAY, TODAY.minusDays(1), TODAY, SETTINGS))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(refusal(() -> ClaimRules.checkDays(null, TODAY, TODAY, SETTINGS))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        ClaimSettings long_ = new ClaimSettings(Period.ofDays(30), 14, 3, DataSize.ofKilobytes(10), Period.ofYears(5), Period.ofYears(1));
        ClaimRules.checkDays(TODAY.minusDays(13), TODAY, TODAY, long_);
        assertThat(refusal(() -> ClaimRules.checkDays(TODAY.minusDays(14), TODAY, TODAY, long_))).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void aDocumentIsWhatItsBytesSayAndMustAgreeWithWhatItClaims() {
        assertThat(ClaimRules.checkDocument(PDF, "application/pdf", SETTINGS)).isEqualTo(ClaimRules.DocumentType.PDF);
        assertThat(ClaimRules.checkDocument(PNG, "image/png", SETTINGS)).isEqualTo(ClaimRules.DocumentType.PNG);
        assertThat(ClaimRules.checkDocument(JPEG, "IMAGE/JPEG", SETTINGS)).isEqualTo(ClaimRules.DocumentType.JPEG);
        // a renamed file: PDF bytes sent as a PNG, an HTML page or a program sent as a PDF
        assertThat(refusal(() -> ClaimRules.checkDocument(PDF, "image/png", SETTINGS))).isEqualTo(ErrorCode.UNSUPPORTED_DOCUMENT);
        assertThat(refusal(() -> ClaimRules.checkDocument("<html><script>".getBytes(StandardCharsets.US_ASCII), "application/pdf", SETTINGS)))
                .isEqualTo(ErrorCode.UNSUPPORTED_DOCUMENT);
        assertThat(refusal(() -> ClaimRules.checkDocument(new byte[]{'M', 'Z', 0, 0}, "application/pdf", SETTINGS))).isEqualTo(ErrorCode.UNSUPPORTED_DOCUMENT);
        assertThat(refusal(() -> ClaimRules.checkDocument(PDF, null, SETTINGS))).isEqualTo(ErrorCode.UNSUPPORTED_DOCUMENT);
        // the magic alone is not a document
        assertThat(refusal(() -> ClaimRules.checkDocument("%PDF-".getBytes(StandardCharsets.US_ASCII), "application/pdf", SETTINGS)))
                .isEqualTo(ErrorCode.UNSUPPORTED_DOCUMENT);
    }

    @Test
    void emptyAndOversizedDocumentsAreRefused() {
        assertThat(refusal(() -> ClaimRules.checkDocument(new byte[0], "application/pdf", SETTINGS))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        byte[] big = new byte[10 * 1024 + 1];
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        assertThat(refusal(() -> ClaimRules.checkDocument(big, "application/pdf", SETTINGS))).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        byte[] limit = new byte[10 * 1024];
        System.arraycopy(PDF, 0, limit, 0, PDF.length);
        assertThat(ClaimRules.checkDocument(limit, "application/pdf", SETTINGS)).isEqualTo(ClaimRules.DocumentType.PDF);
    }

    @Test
    void fileNamesKeepTheirLastPartAndNoControlCharacters() {
        assertThat(ClaimRules.fileName("C:\\Users\\asha\\certificate.pdf", ClaimRules.DocumentType.PDF)).isEqualTo("certificate.pdf");
        assertThat(ClaimRules.fileName("../../etc/passwd", ClaimRules.DocumentType.PDF)).isEqualTo("passwd");
        assertThat(ClaimRules.fileName("a\"b\r\nc.pdf", ClaimRules.DocumentType.PDF)).isEqualTo("abc.pdf");
        assertThat(ClaimRules.fileName("  ", ClaimRules.DocumentType.PNG)).isEqualTo("document.png");
        assertThat(ClaimRules.fileName(null, ClaimRules.DocumentType.JPEG)).isEqualTo("document.jpeg");
        assertThat(ClaimRules.fileName("x".repeat(300), ClaimRules.DocumentType.PDF)).hasSize(120);
        assertThat(ClaimRules.fileName("प्रमाणपत्र.pdf", ClaimRules.DocumentType.PDF)).isEqualTo("प्रमाणपत्र.pdf");
    }

    @Test
    void aRejectionSaysWhyAnApprovalMaySayNothing() {
        assertThat(ClaimRules.checkNote(true, null)).isNull();
        assertThat(ClaimRules.checkNote(true, "  ")).isNull();
        assertThat(ClaimRules.checkNote(false, " not signed by a doctor ")).isEqualTo("not signed by a doctor");
        assertThat(refusal(() -> ClaimRules.checkNote(false, " "))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(refusal(() -> ClaimRules.checkNote(true, "x".repeat(1001)))).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void iWasThereGoesToTheTeacherAndMarksPresentEveryReasonToTheOfficeAndExcuses() {
        assertThat(ClaimKind.WAS_THERE.reviewer()).isEqualTo(ClaimKind.Reviewer.TEACHER);
        assertThat(ClaimKind.WAS_THERE.approved()).isEqualTo(AttendanceStatus.PRESENT);
        assertThat(ClaimKind.WAS_THERE.oneSessionOnly()).isTrue();
        for (ClaimKind k : new ClaimKind[]{ClaimKind.MEDICAL, ClaimKind.OFFICIAL_DUTY, ClaimKind.FAMILY, ClaimKind.OTHER}) {
            assertThat(k.reviewer()).isEqualTo(ClaimKind.Reviewer.OFFICE);
            assertThat(k.approved()).isEqualTo(AttendanceStatus.EXCUSED);
            assertThat(k.oneSessionOnly()).isFalse();
        }
    }

    @Test
    void settingsThatCannotHoldAreRefusedAtStart() {
        assertThatThrownBy(() -> new ClaimSettings(Period.ofDays(7), 0, 3, DataSize.ofMegabytes(5), Period.ofYears(5), Period.ofYears(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClaimSettings(Period.ofDays(7), 14, 3, DataSize.ofMegabytes(5), Period.ofYears(1), Period.ofYears(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
