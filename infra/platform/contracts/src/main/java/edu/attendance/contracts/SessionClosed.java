package edu.attendance.contracts;

import java.time.Instant;

/** A session closed, by its teacher ({@code TEACHER}) or because its end time passed ({@code AUTO}). */
public record SessionClosed(String sessionId, Instant closedAt, String closedBy) implements SessionEvent {
}
