package edu.attendance.reports.export;

import edu.attendance.platform.WebPlatformConfiguration;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import edu.attendance.testsupport.ControllerSlice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.time.YearMonth;
import java.util.List;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The exports: a file with its type and name as an attachment; staff for registers and at-risk lists, anyone for a statement. */
@WebFluxTest(properties = {ControllerSlice.STRICT_JSON, ControllerSlice.DATA_DIR})
@ContextConfiguration(classes = ExportControllerTest.Slice.class)
class ExportControllerTest extends ControllerSlice {

    @SpringBootConfiguration
    @Import({ExportController.class, WebPlatformConfiguration.class})
    static class Slice {
    }

    @MockitoBean
    Registers registers;
    @MockitoBean
    Statements statements;
    @MockitoBean
    AtRiskExports atRisk;

    @Test
    void aRegisterIsAnAttachmentOfItsType() {
        when(registers.register(argThat(u -> u != null && u.email().equals("t@college.test")), eq("CSE-2A"), eq("CS-DS"), eq(YearMonth.of(2026, 11)),
                eq(ExportFormat.XLSX))).thenReturn(new Registers.File("register-CSE-2A-CS-DS-2026-11.xlsx", ExportFormat.XLSX.mediaType, new byte[]{1, 2}));
        as("TEACHER", "t@college.test").get().uri("/api/v1/exports/register?classId=CSE-2A&subjectId=CS-DS&month=2026-11&format=XLSX")
                .exchange().expectStatus().isOk()
                .expectHeader().contentType(ExportFormat.XLSX.mediaType)
                .expectHeader().valueEquals("Content-Disposition", "attachment; filename=\"register-CSE-2A-CS-DS-2026-11.xlsx\"")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectBody(byte[].class).isEqualTo(new byte[]{1, 2});
    }

    @Test
    void registersAndAtRiskListsAreForStaffAStatementForAnyone() {
        as("STUDENT", "a@college.test").get().uri("/api/v1/exports/register?classId=C&subjectId=S&month=2026-11&format=pdf")
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        as("STUDENT", "a@college.test").get().uri("/api/v1/exports/at-risk?departmentId=CSE&format=pdf").exchange().expectStatus().isForbidden();
        verifyNoInteractions(registers, atRisk);
        when(statements.statement(argThat(u -> u != null && u.email().equals("a@college.test")), isNull(), isNull(), isNull(), eq(ExportFormat.PDF)))
                .thenReturn(new Registers.File("statement.pdf", ExportFormat.PDF.mediaType, new byte[]{'%'}));
        as("STUDENT", "a@college.test").get().uri("/api/v1/exports/statement?format=pdf").exchange().expectStatus().isOk()
                .expectHeader().contentType("application/pdf");
        when(statements.statement(any(), eq("b@college.test"), isNull(), isNull(), any()))
                .thenThrow(new ApiException(ErrorCode.FORBIDDEN, "a student's statement is theirs alone"));
        as("STUDENT", "a@college.test").get().uri("/api/v1/exports/statement?studentEmail=b@college.test&format=pdf").exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void aBadMonthOrFormatIsAProblem() {
        for (String query : List.of("classId=C&subjectId=S&month=2026-13&format=pdf", "classId=C&subjectId=S&month=Nov&format=pdf",
                "classId=C&subjectId=S&month=2026-11&format=pdfxx", "classId=C&subjectId=S&month=2026-11&format=doc",
                "classId=&subjectId=S&month=2026-11&format=pdf", "subjectId=S&month=2026-11&format=pdf")) {
            as("ADMIN", "admin@college.test").get().uri("/api/v1/exports/register?" + query).exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        as("ADMIN", "admin@college.test").get().uri("/api/v1/exports/at-risk?departmentId=CSE&threshold=high&format=pdf").exchange()
                .expectStatus().isBadRequest();
        verifyNoInteractions(registers, atRisk);
    }
}
