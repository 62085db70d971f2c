package edu.attendance.systemtests.online;

import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hybrid class (docs/rules.md, "Online classes"): one student in the room marks with the code; two others are in the
 * meeting, as a Zoom report and a Teams report (UTF-16, tab-separated, as downloaded) of two meeting instances say —
 * with reconnects, a guest and people not on the roster; check-ins are answered; the teacher reviews and applies. The
 * decisions are the minutes worked out by hand here.
 */
class OnlineIT {

    static final DateTimeFormatter ZOOM_TIME = DateTimeFormatter.ofPattern("MM/dd/yyyy hh:mm:ss a", Locale.US).withZone(TestStack.ZONE);
    static final DateTimeFormatter TEAMS_TIME = DateTimeFormatter.ofPattern("M/d/yy, h:mm:ss a", Locale.US).withZone(TestStack.ZONE);

    final Api api = Fixtures.get().api;

    static Api.Response upload(String path, String token, String type, byte[] body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(TestStack.get().baseUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> res = HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofByteArray());
        return new Api.Response(res.statusCode(), res.headers().firstValue("Content-Type").orElse(""), res.body(), res.headers());
    }

    static byte[] utf16(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] out = new byte[b.length + 2];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xFE;
        System.arraycopy(b, 0, out, 2, b.length);
        return out;
    }

    @Test
    void aHybridClassIsDecidedFromTheRoomTheMeetingsReportsAndItsCheckIns() throws Exception {
        Map<String, String> r = Fixtures.get().roster("on");
        String teacher = api.login(r.get("teacher"));
        String a = api.login(r.get("a"));
        String b = api.login(r.get("b"));
        String c = api.login(r.get("c"));
        Api.Response opened = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 60,
                "mode", "QR_AND_OTP", "lateAfterMinutes", 10, "delivery", "HYBRID"));
        assertThat(opened.status()).as(opened.text()).isEqualTo(201);
        assertThat(opened.json().path("delivery").asString()).isEqualTo("HYBRID");
        String id = opened.json().path("sessionId").asString();
        Instant start = Instant.parse(opened.json().path("startedAt").asString());

        // Asha is in the room: she types the projected code on her phone
        Fixtures.get().registerDevice(a, "a-on");
        String otp = api.get("/api/v1/sessions/" + id + "/otp", teacher).json().path("otp").asString();
        assertThat(api.post("/api/v1/sessions/" + id + "/otp-attempts", a, Map.of("submissionId", UUID.randomUUID().toString(),
                "otp", otp), Fixtures.device("a-on")).status()).isEqualTo(202);

        // a check-in shown now: Bilal answers it, Chen on the second try; Asha (in the room) does not
        Api.Response checkIn = api.post("/api/v1/sessions/" + id + "/check-ins", teacher, Map.of("withinMinutes", 0));
        assertThat(checkIn.status()).as(checkIn.text()).isEqualTo(201);
        String code = checkIn.json().path("code").asString();
        assertThat(code).matches("\\d{4}");
        assertThat(api.get("/api/v1/sessions/" + id + "/check-ins/current", teacher).json().path("code").asString()).isEqualTo(code);
        assertThat(api.post("/api/v1/sessions/" + id + "/check-ins", teacher, Map.of("withinMinutes", 5)).code()).as("one at a time").isEqualTo("CONFLICT");
        assertThat(api.post("/api/v1/sessions/" + id + "/check-ins/answers", b, Map.of("code", code)).status()).isEqualTo(204);
        String wrong = String.format("%04d", (Integer.parseInt(code) + 1) % 10_000);
        Api.Response miss = api.post("/api/v1/sessions/" + id + "/check-ins/answers", c, Map.of("code", wrong));
        assertThat(miss.code()).isEqualTo("OTP_WRONG");
        assertThat(miss.json().path("attemptsLeft").asInt()).isEqualTo(2);
        assertThat(api.post("/api/v1/sessions/" + id + "/check-ins/answers", c, Map.of("code", code)).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/sessions/" + id + "/check-ins/answers", api.login(r.get("outsider")), Map.of("code", code)).code())
                .isEqualTo("NOT_ENROLLED");

        // Zoom: Asha for 30 minutes (she is in the room too), Bilal with a reconnect, a guest, someone from elsewhere
        String zoom = "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
                + "\"812 3456 7890\",\"Data Structures\"," + z(start, 0) + "," + z(start, 60) + "," + r.get("teacher") + ",60,5\n\n"
                + "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent\n"
                + "Asha," + r.get("a") + "," + z(start, 0) + "," + z(start, 30) + ",30,No,\n"
                + "Bilal," + r.get("b") + "," + z(start, 1) + "," + z(start, 20) + ",19,No,\n"
                + "Bilal (phone)," + r.get("b").toUpperCase(Locale.ROOT) + "," + z(start, 22) + "," + z(start, 50) + ",28,No,\n"
                + "\"Guest, Uncle\",," + z(start, 5) + "," + z(start, 6) + ",1,Yes,\n"
                + "Visitor,visitor@elsewhere.test," + z(start, 2) + "," + z(start, 40) + ",38,No,\n";
        Api.Response zoomed = upload("/api/v1/sessions/" + id + "/meeting-reports", teacher, "text/csv", zoom.getBytes(StandardCharsets.UTF_8));
        assertThat(zoomed.status()).as(zoomed.text()).isEqualTo(201);
        assertThat(zoomed.json().path("format").asString()).isEqualTo("ZOOM");
        assertThat(zoomed.json().path("matched").asInt()).isEqualTo(2);
        assertThat(zoomed.json().path("unknown").toString()).contains("Guest, Uncle", "Visitor");

        // Teams, a second meeting instance: Bilal again (overlapping his Zoom stay by a minute), Chen late with a reconnect
        String teams = "1. Summary\nMeeting title\tData Structures (part 2)\nAttended participants\t3\n\n"
                + "2. Participants\nName\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
                + "Bilal\t" + t(start, 49) + "\t" + t(start, 58) + "\t9m\t" + r.get("b") + "\t" + r.get("b") + "\tAttendee\n"
                + "Chen\t" + t(start, 12) + "\t" + t(start, 59) + "\t46m\t" + r.get("c") + "\t" + r.get("c") + "\tAttendee\n\n"
                + "3. In-Meeting Activities\nName\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
                + "Bilal\t" + t(start, 49) + "\t" + t(start, 58) + "\t9m\t" + r.get("b") + "\tAttendee\n"
                + "Chen\t" + t(start, 12) + "\t" + t(start, 40) + "\t28m\t" + r.get("c") + "\tAttendee\n"
                + "Chen\t" + t(start, 41) + "\t" + t(start, 59) + "\t18m\t" + r.get("c") + "\tAttendee\n"
                + "Zed\t" + t(start, 3) + "\t" + t(start, 59) + "\t56m\t" + r.get("outsider") + "\tAttendee\n";
        Api.Response teamsed = upload("/api/v1/sessions/" + id + "/meeting-reports", teacher, "text/plain", utf16(teams));
        assertThat(teamsed.status()).as(teamsed.text()).isEqualTo(201);
        assertThat(teamsed.json().path("format").asString()).isEqualTo("TEAMS");
        assertThat(teamsed.json().path("stays").asInt()).isEqualTo(4);
        assertThat(teamsed.json().path("unknown").toString()).contains("Zed");

        // by hand: Bilal 1–20 and 22–58 (the overlap counted once) = 55 of 60 min, joined on time: PRESENT; Chen 12–40 and
        // 41–59 = 46 min ≥ 45 (75 %), joined after the late time (10): LATE; Asha 30 min, but she scanned in the room
        JsonNode review = api.get("/api/v1/sessions/" + id + "/online", teacher).json();
        assertThat(review.path("scheduledMinutes").asInt()).isEqualTo(60);
        assertThat(review.path("imports").size()).isEqualTo(2);
        assertThat(review.path("checkIns").get(0).path("answered").asInt()).isEqualTo(2);
        JsonNode rowA = row(review, r.get("a"));
        JsonNode rowB = row(review, r.get("b"));
        JsonNode rowC = row(review, r.get("c"));
        assertThat(rowB.path("minutes").asInt()).isEqualTo(55);
        assertThat(rowB.path("stays").asInt()).isEqualTo(2);
        assertThat(rowB.path("checkIns").asInt()).isEqualTo(1);
        assertThat(rowB.path("proposed").asString()).isEqualTo("PRESENT");
        assertThat(rowC.path("minutes").asInt()).isEqualTo(46);
        assertThat(rowC.path("proposed").asString()).isEqualTo("LATE");
        assertThat(rowA.path("minutes").asInt()).isEqualTo(30);
        assertThat(rowA.path("proposed").asString()).isEqualTo("ABSENT");
        assertThat(rowA.path("markedHere").asBoolean()).isTrue();

        JsonNode applied = api.post("/api/v1/sessions/" + id + "/online/decisions", teacher, Map.of()).json();
        assertThat(applied.path("present").asInt()).isEqualTo(1);
        assertThat(applied.path("late").asInt()).isEqualTo(1);
        assertThat(applied.path("left").asInt()).isEqualTo(1);
        assertThat(api.post("/api/v1/sessions/" + id + "/close", teacher, Map.of()).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(decision(a, id)).isEqualTo("PRESENT/OTP");
            assertThat(decision(b, id)).isEqualTo("PRESENT/MEETING");
            assertThat(decision(c, id)).isEqualTo("LATE/MEETING");
        });
        assertThat(api.post("/api/v1/sessions/" + id + "/check-ins/answers", b, Map.of("code", code)).code())
                .as("no check-in after the class").isEqualTo("SESSION_NOT_OPEN");
    }

    @Test
    void reportsAreTheTeachersForOnlineSessionsAndReadableOnly() throws Exception {
        Map<String, String> r = Fixtures.get().roster("on2");
        String teacher = api.login(r.get("teacher"));
        String inRoom = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30))
                .json().path("sessionId").asString();
        byte[] meet = ("First name,Last name,Email,Duration,Time joined,Time exited\nAsha,K," + r.get("a") + ",20 min,9:01 AM,9:21 AM\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(upload("/api/v1/sessions/" + inRoom + "/meeting-reports", teacher, "text/csv", meet).code()).isEqualTo("CONFLICT");
        assertThat(api.post("/api/v1/sessions/" + inRoom + "/check-ins", teacher, Map.of("withinMinutes", 0)).code()).isEqualTo("CONFLICT");
        api.post("/api/v1/sessions/" + inRoom + "/close", teacher, Map.of());

        String online = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 30,
                "delivery", "ONLINE")).json().path("sessionId").asString();
        assertThat(upload("/api/v1/sessions/" + online + "/meeting-reports", api.login(r.get("a")), "text/csv", meet).status()).isEqualTo(403);
        Api.Response garbage = upload("/api/v1/sessions/" + online + "/meeting-reports", teacher, "text/csv",
                "name,email\nAsha,a@college.test\n".getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().path("detail").asString()).contains("not a Zoom, Teams or Meet");
        Api.Response unreadable = upload("/api/v1/sessions/" + online + "/meeting-reports?format=MEET", teacher, "text/csv",
                "First name,Last name,Email,Duration,Time joined,Time exited\nAsha,K,a@x.test,1,soon,later\n".getBytes(StandardCharsets.UTF_8));
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(unreadable.json().path("errors").toString()).contains("line 2");
        assertThat(upload("/api/v1/sessions/" + online + "/meeting-reports?zone=Mars/Olympus", teacher, "text/csv", meet).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/sessions/" + online + "/check-ins", teacher, Map.of("withinMinutes", 31)).status()).isEqualTo(400);
        // a check-in at a random moment of the next 20 minutes: its code is not shown (nor taken) before it opens
        Instant before = Instant.now();
        JsonNode later = api.post("/api/v1/sessions/" + online + "/check-ins", teacher, Map.of("withinMinutes", 20)).json();
        Instant after = Instant.now();
        Instant opens = Instant.parse(later.path("opensAt").asString());
        assertThat(opens).isBetween(before.minusSeconds(1), after.plus(Duration.ofMinutes(20)));
        assertThat(Duration.between(opens, Instant.parse(later.path("closesAt").asString()))).isEqualTo(Duration.ofMinutes(1));
        if (opens.isAfter(after)) {
            assertThat(later.path("code").isNull()).isTrue();
            assertThat(api.get("/api/v1/sessions/" + online + "/check-ins/current", teacher).json().path("code").isNull()).isTrue();
        } else {
            assertThat(later.path("code").asString()).matches("\\d{4}");
        }
    }

    @Test
    void teamsAttendanceApiWhereTheCollegeConfiguredIt() throws Exception {
        Map<String, String> r = Fixtures.get().roster("on3");
        String teacher = api.login(r.get("teacher"));
        JsonNode opened = api.post("/api/v1/sessions", teacher, Map.of("subjectId", r.get("subject"), "durationMinutes", 60,
                "lateAfterMinutes", 10, "delivery", "ONLINE")).json();
        String id = opened.path("sessionId").asString();
        Instant start = Instant.parse(opened.path("startedAt").asString());
        String join = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_on3%40thread.v2/0?context=%7b%22Tid%22%3a%22x%22%7d";
        try (TeamsGraphPeer graph = new TeamsGraphPeer(TestStack.TEAMS_GRAPH_PORT)) {
            // two instances of the meeting (it was restarted): Asha in both, Bilal a reconnect, Chen ten minutes, a guest
            graph.meetings.put("MSpkYzE3", new TeamsGraphPeer.Meeting(r.get("teacher"), join, new java.util.LinkedHashMap<>(Map.of(
                    "report-1", java.util.List.of(
                            TeamsGraphPeer.record(r.get("a"), "Asha", at(start, 0), at(start, 30)),
                            TeamsGraphPeer.record(r.get("b"), "Bilal", at(start, 2), at(start, 25), at(start, 27), at(start, 58)),
                            TeamsGraphPeer.record(r.get("c"), "Chen", at(start, 5), at(start, 15))),
                    "report-2", java.util.List.of(
                            TeamsGraphPeer.record(r.get("a"), "Asha", at(start, 31), at(start, 59)),
                            TeamsGraphPeer.record("", "Guest", at(start, 1), at(start, 2)),
                            TeamsGraphPeer.record(r.get("teacher"), "Teacher", at(start, 0), at(start, 60)))))));
            Api.Response imported = api.post("/api/v1/sessions/" + id + "/meeting-reports/teams", teacher, Map.of("joinUrl", join));
            assertThat(imported.status()).as(imported.text()).isEqualTo(201);
            assertThat(imported.json().path("format").asString()).isEqualTo("TEAMS");
            assertThat(imported.json().path("matched").asInt()).isEqualTo(3);
            assertThat(imported.json().path("unknown").toString()).contains("Guest", "Teacher");
            JsonNode review = api.get("/api/v1/sessions/" + id + "/online", teacher).json();
            // by hand: Asha 0–30 + 31–59 = 58 → PRESENT; Bilal 2–25 + 27–58 = 54 → PRESENT; Chen 10 → ABSENT
            assertThat(row(review, r.get("a")).path("minutes").asInt()).isEqualTo(58);
            assertThat(row(review, r.get("b")).path("minutes").asInt()).isEqualTo(54);
            assertThat(row(review, r.get("b")).path("proposed").asString()).isEqualTo("PRESENT");
            assertThat(row(review, r.get("c")).path("proposed").asString()).isEqualTo("ABSENT");
            assertThat(api.post("/api/v1/sessions/" + id + "/meeting-reports/teams", teacher,
                    Map.of("joinUrl", "https://teams.microsoft.com/l/meetup-join/other")).code()).isEqualTo("NOT_FOUND");
        }
    }

    static String at(Instant start, int minute) {
        return start.plusSeconds(minute * 60L).toString();
    }

    static JsonNode row(JsonNode review, String email) {
        return review.path("students").valueStream().filter(s -> s.path("email").asString().equals(email)).findFirst().orElseThrow();
    }

    String decision(String token, String sessionId) {
        return api.get("/api/v1/me/attendance", token).json().valueStream().filter(d -> d.path("sessionId").asString().equals(sessionId))
                .map(d -> d.path("status").asString() + "/" + d.path("method").asString()).findFirst().orElse("none");
    }

    static String z(Instant start, int minute) {
        return ZOOM_TIME.format(start.plusSeconds(minute * 60L));
    }

    static String t(Instant start, int minute) {
        return TEAMS_TIME.format(start.plusSeconds(minute * 60L));
    }
}
