package edu.attendance.ingest.session;

/**
 * Where a class is held (docs/rules.md, "Online classes"): in the room, online (a meeting), or both at once. The in-room
 * evidence — the campus network, the distance to the teacher, bursts from one address — counts only in the room.
 */
public enum Delivery {
    IN_ROOM, ONLINE, HYBRID;

    /** Whether the in-room evidence applies to every student of such a session. */
    public boolean inRoom() {
        return this == IN_ROOM;
    }

    /** Whether the meeting's report and check-ins decide (some of) its students. */
    public boolean online() {
        return this != IN_ROOM;
    }
}
