package edu.attendance.ingest.online;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The three platforms' participant reports as they export them: found by their columns, every stay read. */
class MeetingReportsTest {

    static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    static final LocalDate DAY = LocalDate.parse("2026-12-07");

    /** Zoom's participants report with the meeting's summary above it; Asha reconnects, a guest has no e-mail. */
    static final String ZOOM = """
            Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants
            "812 3456 7890","Data Structures","12/07/2026 09:00:02 AM","12/07/2026 10:00:40 AM","tdsz@college.test","61","4"

            Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent
            "Asha (Asha K)",asha@college.test,12/07/2026 09:01:10 AM,12/07/2026 09:31:10 AM,30,No,
            Asha,ASHA@college.test,12/07/2026 09:33:00 AM,12/07/2026 09:58:00 AM,25,No,
            Bilal,bilal@college.test,12/07/2026 09:20:00 AM,12/07/2026 09:59:30 AM,40,No,
            "Guest, Uncle",,12/07/2026 09:05:00 AM,12/07/2026 09:06:00 AM,1,Yes,
            """;

    /** Teams' attendance report as downloaded: tab-separated sections, UTF-16 with its byte-order mark. */
    static final String TEAMS = """
            1. Summary
            Meeting title\tData Structures
            Attended participants\t3
            Start time\t12/7/26, 9:00:05 AM
            End time\t12/7/26, 10:00:00 AM

            2. Participants
            Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole
            Asha K\t12/7/26, 9:01:00 AM\t12/7/26, 9:58:00 AM\t55m\tasha@college.test\tasha@college.test\tAttendee
            Chen\t12/7/26, 9:02:00 AM\t12/7/26, 9:10:00 AM\t8m\tchen@college.test\tchen@college.test\tAttendee

            3. In-Meeting Activities
            Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole
            Asha K\t12/7/26, 9:01:00 AM\t12/7/26, 9:30:00 AM\t29m\tasha@college.test\tAttendee
            Asha K\t12/7/26, 9:32:00 AM\t12/7/26, 9:58:00 AM\t26m\tasha@college.test\tAttendee
            Chen\t12/7/26, 9:02:00 AM\t12/7/26, 9:10:00 AM\t8m\tchen@college.test\tAttendee
            """;

    /** Meet's attendance report (Drive, as CSV): bare times of the meeting's day. */
    static final String MEET = """
            First name,Last name,Email,Duration,Time joined,Time exited
            Asha,K,asha@college.test,57 min,9:01 AM,9:58 AM
            Dev,,dev@college.test,12 min,9:40 AM,9:52 AM
            """;

    static Instant at(String localTime) {
        return DAY.atTime(java.time.LocalTime.parse(localTime)).atZone(KOLKATA).toInstant();
    }

    static byte[] utf16le(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[body.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(body, 0, withBom, 2, body.length);
        return withBom;
    }

    @Test
    void eachPlatformIsKnownByItsColumns() {
        assertThat(MeetingReports.detect(ZOOM)).isEqualTo(MeetingReports.Format.ZOOM);
        assertThat(MeetingReports.detect(TEAMS)).isEqualTo(MeetingReports.Format.TEAMS);
        assertThat(MeetingReports.detect(MEET)).isEqualTo(MeetingReports.Format.MEET);
        assertThatThrownBy(() -> MeetingReports.detect("name,email\nAsha,asha@college.test\n"))
                .isInstanceOf(MeetingReports.Unreadable.class).hasMessageContaining("not a Zoom, Teams or Meet");
    }

    @Test
    void zoomEveryStayWithItsEmailAndTheGuestWithout() {
        MeetingReports.Parsed p = MeetingReports.parse(MeetingReports.Format.ZOOM, ZOOM, DAY, KOLKATA);
        assertThat(p.problems()).isEmpty();
        assertThat(p.stays()).containsExactly(
                new MeetingReports.Stay("Asha (Asha K)", "asha@college.test", at("09:01:10"), at("09:31:10")),
                new MeetingReports.Stay("Asha", "asha@college.test", at("09:33:00"), at("09:58:00")),
                new MeetingReports.Stay("Bilal", "bilal@college.test", at("09:20:00"), at("09:59:30")),
                new MeetingReports.Stay("Guest, Uncle", null, at("09:05:00"), at("09:06:00")));
    }

    @Test
    void teamsAsDownloadedInUtf16TakesTheInMeetingActivities() {
        String text = MeetingReports.decode(utf16le(TEAMS));
        MeetingReports.Parsed p = MeetingReports.parse(MeetingReports.detect(text), text, DAY, KOLKATA);
        assertThat(p.stays()).extracting(MeetingReports.Stay::email, MeetingReports.Stay::joined, MeetingReports.Stay::left)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("asha@college.test", at("09:01"), at("09:30")),
                        org.assertj.core.groups.Tuple.tuple("asha@college.test", at("09:32"), at("09:58")),
                        org.assertj.core.groups.Tuple.tuple("chen@college.test", at("09:02"), at("09:10")));
    }

    @Test
    void teamsWithoutItsActivitiesSectionFallsBackToFirstJoinAndLastLeave() {
        String participantsOnly = TEAMS.substring(0, TEAMS.indexOf("3. In-Meeting Activities"));
        MeetingReports.Parsed p = MeetingReports.parse(MeetingReports.Format.TEAMS, participantsOnly, DAY, KOLKATA);
        assertThat(p.stays()).hasSize(2).first().isEqualTo(new MeetingReports.Stay("Asha K", "asha@college.test", at("09:01"), at("09:58")));
    }

    @Test
    void meetsBareTimesAreTheMeetingsDayInTheReportsZone() {
        MeetingReports.Parsed p = MeetingReports.parse(MeetingReports.Format.MEET, MEET, DAY, KOLKATA);
        assertThat(p.stays()).containsExactly(
                new MeetingReports.Stay("Asha K", "asha@college.test", at("09:01"), at("09:58")),
                new MeetingReports.Stay("Dev", "dev@college.test", at("09:40"), at("09:52")));
        assertThat(MeetingReports.parse(MeetingReports.Format.MEET, MEET, DAY, ZoneId.of("UTC")).stays().getFirst().joined())
                .isEqualTo(Instant.parse("2026-12-07T09:01:00Z"));
    }

    @Test
    void aBadLineIsNamedAndTheOthersRead() {
        String broken = ZOOM.replace("12/07/2026 09:20:00 AM", "soon");
        MeetingReports.Parsed p = MeetingReports.parse(MeetingReports.Format.ZOOM, broken, DAY, KOLKATA);
        assertThat(p.stays()).hasSize(3);
        assertThat(p.problems()).singleElement().asString().startsWith("line 7: \"soon\" is not a time");
    }

    @Test
    void aReportWithoutTheColumnsIsUnreadable() {
        assertThatThrownBy(() -> MeetingReports.parse(MeetingReports.Format.ZOOM, MEET, DAY, KOLKATA))
                .isInstanceOf(MeetingReports.Unreadable.class);
        assertThat(MeetingReports.decode("\uFEFFa,b".getBytes(StandardCharsets.UTF_8))).isEqualTo("a,b");
    }
}
