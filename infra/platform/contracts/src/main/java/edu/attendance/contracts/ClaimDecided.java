package edu.attendance.contracts;

import java.time.Instant;

/**
 * An absence claim was approved or rejected (docs/rules.md, "Absence claims"): the student hears of it on every channel
 * the platform has — an open app, a push notification, an e-mail. {@code kind} as the claim's, {@code status}
 * {@code APPROVED} or {@code REJECTED}, {@code note} the reviewer's words (a rejection always has one).
 */
public record ClaimDecided(String claimId, String studentEmail, String kind, String status, String note, int sessions,
                           Instant decidedAt) {
}
