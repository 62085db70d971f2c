-- What every ingest instance must agree on, beside the one mark per student (attendance.capture.claims=DATABASE):
-- the claim keeps the capture's time (an early close is dated after every claimed capture, and a claim is refused
-- once its time is past the close), the phone's app install (one install marking two students of a session is
-- SHARED_DEVICE whichever instance each went through) and, for a capture from off the campus network only, the
-- address (more captures from one address than the burst limit within ten seconds is BURST). Kept as long as the claim
-- (CaptureClaims.forgetOld) and erased with the student.
ALTER TABLE capture_claims ALTER COLUMN provisional DROP NOT NULL;
ALTER TABLE capture_claims ADD COLUMN IF NOT EXISTS captured_at timestamptz;
ALTER TABLE capture_claims ADD COLUMN IF NOT EXISTS device text;
ALTER TABLE capture_claims ADD COLUMN IF NOT EXISTS address text;
CREATE INDEX IF NOT EXISTS capture_claims_device ON capture_claims (session_id, device) WHERE device IS NOT NULL;
CREATE INDEX IF NOT EXISTS capture_claims_address ON capture_claims (session_id, address, captured_at) WHERE address IS NOT NULL;

-- Wrong one-time codes per student and session, counted once across instances (docs/rules.md rule 3): two wrong
-- codes and no more attempts in that session; the guesses among them (codes the session never showed lately) are
-- evidence. Forgotten with the claims.
CREATE TABLE IF NOT EXISTS otp_attempts (
    session_id     uuid NOT NULL,
    student_email  text NOT NULL,
    wrong          int  NOT NULL,
    guesses        int  NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, student_email)
);
CREATE INDEX IF NOT EXISTS otp_attempts_at ON otp_attempts (updated_at);
