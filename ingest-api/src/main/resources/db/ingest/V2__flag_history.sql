-- Submissions the capture path FLAGGED, per session and student, kept as account history (docs/rules.md rule 7): a flag
-- no teacher cleared (by marking the student PRESENT, LATE or EXCUSED in that session) counts as evidence
-- against the student's next submissions for a while.
CREATE TABLE IF NOT EXISTS flag_history (
    session_id     uuid NOT NULL,
    student_email  varchar(254) NOT NULL,
    flagged_at     timestamptz NOT NULL,
    flags          varchar(500) NOT NULL,
    cleared_at     timestamptz,
    PRIMARY KEY (session_id, student_email)
);
CREATE INDEX IF NOT EXISTS flag_history_open ON flag_history (flagged_at) WHERE cleared_at IS NULL;
