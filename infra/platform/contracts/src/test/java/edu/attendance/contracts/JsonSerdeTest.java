package edu.attendance.contracts;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonSerdeTest {

    @Test
    void sessionEventsRoundTripWithTheirType() {
        var serde = JsonSerde.of(SessionEvent.class);
        SessionEvent opened = new SessionOpened("s1", "sub", "cls", "p1", LocalDate.of(2026, 11, 21), "t@c.test",
                SessionMode.QR_AND_OTP, Instant.parse("2026-11-21T09:00:00Z"), Instant.parse("2026-11-21T09:05:00Z"),
                Instant.parse("2026-11-21T10:00:00Z"), List.of(new SessionOpened.RosterEntry("a@c.test", "A")));
        SessionEvent closed = new SessionClosed("s1", Instant.parse("2026-11-21T10:00:00Z"), "AUTO");
        assertThat(serde.deserialize("t", serde.serialize("t", opened))).isEqualTo(opened);
        assertThat(serde.deserialize("t", serde.serialize("t", closed))).isEqualTo(closed);
        assertThat(new String(serde.serialize("t", closed))).contains("\"type\":\"CLOSED\"")
                .contains("2026-11-21T10:00:00Z");
    }

    @Test
    void decisionsRoundTrip() {
        var serde = JsonSerde.of(Decision.class);
        Decision d = new Decision("s1", "a@c.test", "sub", "cls", LocalDate.of(2026, 11, 21), AttendanceStatus.LATE,
                CaptureMethod.QR, Instant.parse("2026-11-21T09:06:00Z"), Instant.parse("2026-11-21T09:06:00.200Z"), false,
                "0f7c1d8e-0000-4000-8000-000000000001", List.of("TOKEN_AGE"), 2, AttendanceStatus.ABSENT);
        assertThat(serde.deserialize("t", serde.serialize("t", d))).isEqualTo(d);
        // the enums are their names on the wire, as the strings were
        assertThat(new String(serde.serialize("t", d))).contains("\"method\":\"QR\"").contains("\"status\":\"LATE\"");
    }

    @Test
    void nullStaysNull() {
        var serde = JsonSerde.of(Decision.class);
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }
}
