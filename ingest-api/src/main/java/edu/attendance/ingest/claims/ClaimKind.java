package edu.attendance.ingest.claims;

import edu.attendance.contracts.AttendanceStatus;

/**
 * What a student claims (docs/rules.md, "Absence claims"): that they were there, or that they were away for a reason.
 * Each kind says who decides it and what an approval applies.
 */
enum ClaimKind {
    /** "I was there": the platform's own evidence decides, so the session's teacher does; approval marks PRESENT. */
    WAS_THERE(Reviewer.TEACHER, AttendanceStatus.PRESENT),
    MEDICAL(Reviewer.OFFICE, AttendanceStatus.EXCUSED),
    OFFICIAL_DUTY(Reviewer.OFFICE, AttendanceStatus.EXCUSED),
    FAMILY(Reviewer.OFFICE, AttendanceStatus.EXCUSED),
    OTHER(Reviewer.OFFICE, AttendanceStatus.EXCUSED);

    /** Who decides a claim: the teacher of its session, or the college office (an ADMIN). */
    enum Reviewer {
        TEACHER, OFFICE
    }

    private final Reviewer reviewer;
    private final AttendanceStatus approved;

    ClaimKind(Reviewer reviewer, AttendanceStatus approved) {
        this.reviewer = reviewer;
        this.approved = approved;
    }

    Reviewer reviewer() {
        return reviewer;
    }

    /** The mark an approval applies to every session the claim covers. */
    AttendanceStatus approved() {
        return approved;
    }

    /**
     * An excuse replaces an absence only: a student marked present, late or flagged in a covered class keeps that mark
     * (the claim spans days; they may have come to some classes). "I was there" overrides whatever was decided.
     */
    boolean excusesAbsenceOnly() {
        return this != WAS_THERE;
    }

    /** "I was there" is about one session's evidence; a reason for being away may cover several days. */
    boolean oneSessionOnly() {
        return this == WAS_THERE;
    }
}
