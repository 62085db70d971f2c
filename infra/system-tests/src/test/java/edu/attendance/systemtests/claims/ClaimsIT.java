package edu.attendance.systemtests.claims;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Absence claims against the real stack (PostgreSQL, Kafka, the decision stream, ClickHouse): documents checked by
 * their content, routing to the office or the teacher, one open claim per session, deadlines, withdrawal, and an
 * approval that reaches the register through the same path as a teacher's mark.
 */
class ClaimsIT {

    final Fixtures f = Fixtures.get();
    final Api api = f.api;
    static final byte[] PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    /** Three sessions of the class held and closed today: everyone who did not scan is ABSENT in each. */
    List<String> threeClosedSessions(Map<String, String> r, String teacher) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Api.Response opened = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30));
            assertThat(opened.status()).isEqualTo(201);
            String id = opened.json().path("sessionId").asString();
            assertThat(api.post("/api/v1/sessions/" + id + "/close", teacher, null).status()).isEqualTo(200);
            ids.add(id);
        }
        return ids;
    }

    Map<String, String> statuses(String student, String reader) {
        Map<String, String> by = new java.util.HashMap<>();
        for (JsonNode e : api.get("/api/v1/reports/student-history?studentEmail=" + student, reader).json()) {
            by.put(e.path("sessionId").asString(), e.path("status").asString());
        }
        return by;
    }

    @Test
    void aMedicalClaimWithACertificateApprovedByTheOfficeExcusesEveryCoveredSession() {
        Map<String, String> r = f.roster("cl1");
        String teacher = api.login(r.get("teacher"));
        String asha = api.login(r.get("a"));
        String bilal = api.login(r.get("b"));
        List<String> sessions = threeClosedSessions(r, teacher);
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(r.get("a"), f.admin()).values().stream().filter("ABSENT"::equals).count() == 3);

        // documents are what their bytes say, within the limit
        assertThat(api.upload("/api/v1/me/claim-documents?name=certificate.pdf", asha, "image/png", PDF).code()).isEqualTo("UNSUPPORTED_DOCUMENT");
        assertThat(api.upload("/api/v1/me/claim-documents?name=certificate.pdf", asha, "application/pdf",
                "<html><script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII)).code()).isEqualTo("UNSUPPORTED_DOCUMENT");
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        Api.Response tooBig = api.upload("/api/v1/me/claim-documents", asha, "application/pdf", big);
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(api.upload("/api/v1/me/claim-documents", teacher, "application/pdf", PDF).status()).isEqualTo(403);
        Api.Response doc = api.upload("/api/v1/me/claim-documents?name=certificate.pdf", asha, "application/pdf", PDF);
        assertThat(doc.status()).isEqualTo(201);
        String documentId = doc.json().path("documentId").asString();

        // another student cannot attach it; a claim past the deadline or in the future is refused
        LocalDate today = LocalDate.parse(sessionsDate(sessions.getFirst(), teacher));
        Map<String, Object> filing = Map.of("kind", "MEDICAL", "from", today.minusDays(2).toString(), "to", today.toString(),
                "comment", "Fever; certificate from the college clinic", "documentIds", List.of(documentId));
        assertThat(api.post("/api/v1/me/claims", bilal, filing).code()).isEqualTo("NOT_FOUND");
        assertThat(api.post("/api/v1/me/claims", asha, Map.of("kind", "MEDICAL", "from", today.minusDays(30).toString(),
                "to", today.minusDays(29).toString(), "comment", "x")).code()).isEqualTo("CLAIM_TOO_LATE");
        assertThat(api.post("/api/v1/me/claims", asha, Map.of("kind", "MEDICAL", "from", today.toString(),
                "to", today.plusDays(1).toString(), "comment", "x")).code()).isEqualTo("VALIDATION_FAILED");

        Api.Response filed = api.post("/api/v1/me/claims", asha, filing);
        assertThat(filed.status()).isEqualTo(201);
        JsonNode claim = filed.json();
        String claimId = claim.path("claimId").asString();
        assertThat(claim.path("status").asString()).isEqualTo("OPEN");
        assertThat(claim.path("reviewer").asString()).isEqualTo("OFFICE");
        List<String> covered = new ArrayList<>();
        claim.path("sessions").forEach(s -> covered.add(s.path("sessionId").asString()));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(sessions);
        assertThat(claim.path("documents").get(0).path("fileName").asString()).isEqualTo("certificate.pdf");
        // one open claim per session, and a document attaches once
        assertThat(api.post("/api/v1/me/claims", asha, Map.of("kind", "FAMILY", "sessionId", sessions.get(1), "comment", "x")).code())
                .isEqualTo("CONFLICT");

        // the office's claim: not the teacher's to read or decide, not another student's to see
        assertThat(api.get("/api/v1/claims", teacher).json().size()).isZero();
        assertThat(api.get("/api/v1/claims/" + claimId, teacher).code()).isEqualTo("NOT_FOUND");
        assertThat(api.post("/api/v1/claims/" + claimId + "/decision", teacher, Map.of("approve", true)).code()).isEqualTo("NOT_FOUND");
        assertThat(api.get("/api/v1/claims/" + claimId, bilal).code()).isEqualTo("NOT_FOUND");
        assertThat(api.get("/api/v1/claims/" + claimId + "/documents/" + documentId, bilal).code()).isEqualTo("NOT_FOUND");
        assertThat(api.get("/api/v1/claims/waiting", f.admin()).json().path("open").asInt()).isPositive();

        // the office reads the certificate as it was sent, and approves
        Api.Response download = api.get("/api/v1/claims/" + claimId + "/documents/" + documentId, f.admin());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(PDF);
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
        assertThat(api.post("/api/v1/claims/" + claimId + "/decision", f.admin(), Map.of("approve", false)).code()).isEqualTo("VALIDATION_FAILED");
        Api.Response approved = api.post("/api/v1/claims/" + claimId + "/decision", f.admin(), Map.of("approve", true, "note", "Certificate checked"));
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().path("status").asString()).isEqualTo("APPROVED");
        assertThat(api.post("/api/v1/claims/" + claimId + "/decision", f.admin(), Map.of("approve", true)).code()).isEqualTo("CONFLICT");
        assertThat(api.post("/api/v1/me/claims/" + claimId + "/withdraw", asha, null).code()).isEqualTo("CONFLICT");

        // every covered session is EXCUSED in the history, for the teacher's register too; Bilal stays ABSENT
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(statuses(r.get("a"), teacher))
                .containsAllEntriesOf(Map.of(sessions.get(0), "EXCUSED", sessions.get(1), "EXCUSED", sessions.get(2), "EXCUSED")));
        assertThat(statuses(r.get("b"), teacher).values()).containsOnly("ABSENT");
        JsonNode mine = api.get("/api/v1/me/claims", asha).json();
        assertThat(mine.get(0).path("decisionNote").asString()).isEqualTo("Certificate checked");
        // audited with the claim's id; the student gets the decision by e-mail, once
        assertThat(api.get("/api/v1/admin/audit?target=claim:" + claimId, f.admin()).text()).contains("CLAIM_APPROVED");
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(r.get("a")).size() == 1);
        assertThat(mailsTo(r.get("a")).getFirst()).startsWith("Your medical claim (").endsWith(") was approved");
    }

    @Test
    void iWasThereGoesToTheSessionsTeacherWhoseApprovalMarksPresentAndAWithdrawnClaimFreesTheSession() {
        Map<String, String> r = f.roster("cl2");
        String teacher = api.login(r.get("teacher"));
        String bilal = api.login(r.get("b"));
        String chen = api.login(r.get("c"));
        List<String> sessions = threeClosedSessions(r, teacher);
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(r.get("b"), f.admin()).size() == 3);

        // "I was there" is for one session
        assertThat(api.post("/api/v1/me/claims", bilal, Map.of("kind", "WAS_THERE", "from", "2026-01-01", "to", "2026-01-01")).code())
                .isEqualTo("VALIDATION_FAILED");
        Api.Response filed = api.post("/api/v1/me/claims", bilal, Map.of("kind", "WAS_THERE", "sessionId", sessions.getFirst(),
                "comment", "My phone's camera failed; I sat in the second row"));
        assertThat(filed.status()).isEqualTo(201);
        String claimId = filed.json().path("claimId").asString();
        assertThat(filed.json().path("reviewer").asString()).isEqualTo("TEACHER");
        // the outsider is on no roster of these sessions
        assertThat(api.post("/api/v1/me/claims", api.login(r.get("outsider")), Map.of("kind", "WAS_THERE", "sessionId", sessions.getFirst())).code())
                .isEqualTo("NOT_FOUND");

        JsonNode queue = api.get("/api/v1/claims", teacher).json();
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.get(0).path("claimId").asString()).isEqualTo(claimId);
        assertThat(api.post("/api/v1/claims/" + claimId + "/decision", teacher, Map.of("approve", true)).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(statuses(r.get("b"), teacher)).containsEntry(sessions.getFirst(), "PRESENT"));

        // withdrawn: a trace stays, and the session is open to another claim
        String other = api.post("/api/v1/me/claims", chen, Map.of("kind", "OTHER", "sessionId", sessions.get(1), "comment", "bus strike"))
                .json().path("claimId").asString();
        assertThat(api.post("/api/v1/me/claims/" + other + "/withdraw", chen, null).json().path("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(api.post("/api/v1/me/claims/" + other + "/withdraw", bilal, null).code()).isEqualTo("NOT_FOUND");
        assertThat(api.post("/api/v1/me/claims", chen, Map.of("kind", "OTHER", "sessionId", sessions.get(1), "comment", "bus strike, again"))
                .status()).isEqualTo(201);
        assertThat(api.get("/api/v1/me/claims", chen).json().size()).isEqualTo(2);
        // a rejection keeps the decision and says why
        String again = api.get("/api/v1/me/claims", chen).json().get(0).path("claimId").asString();
        assertThat(api.post("/api/v1/claims/" + again + "/decision", f.admin(), Map.of("approve", false, "note", "No strike that day"))
                .json().path("status").asString()).isEqualTo("REJECTED");
        assertThat(statuses(r.get("c"), f.admin())).containsEntry(sessions.get(1), "ABSENT");
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(r.get("c")).size() == 1);
        assertThat(mailsTo(r.get("c"))).singleElement().asString().contains("other claim").endsWith("was not approved");
    }

    static List<String> mailsTo(String address) {
        List<String> subjects = new ArrayList<>();
        for (jakarta.mail.internet.MimeMessage m : edu.attendance.systemtests.TestStack.MAIL.getReceivedMessages()) {
            try {
                if (m.getAllRecipients()[0].toString().equals(address)) {
                    subjects.add(m.getSubject());
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return subjects;
    }

    private String sessionsDate(String sessionId, String teacher) {
        return api.get("/api/v1/sessions/" + sessionId, teacher).json().path("date").asString();
    }
}
