-- A student's one mark in a session, shared by every ingest instance (attendance.capture.claims=DATABASE): the first
-- submission to insert its row holds the slot; a retry of the same submission through any instance finds its own row
-- (and its answer); another submission finds the slot taken. A row is "published" once Kafka acknowledged its event;
-- one left unpublished by an instance that died mid-write is taken over after a while (CaptureClaims.STALE), so the
-- student is not locked out by a submission nobody recorded.
CREATE TABLE IF NOT EXISTS capture_claims (
    session_id      uuid NOT NULL,
    student_email   text NOT NULL,
    submission_id   uuid NOT NULL UNIQUE,
    provisional     text NOT NULL,
    published       boolean NOT NULL DEFAULT false,
    claimed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, student_email)
);
CREATE INDEX IF NOT EXISTS capture_claims_at ON capture_claims (claimed_at);
