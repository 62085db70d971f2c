-- Absence claims (docs/rules.md, "Absence claims"): a student's "I was there" for one session, or "I was away for a
-- reason" for a session or a span of days, with documents; decided by the session's teacher ("I was there") or the
-- college office (the other kinds). Each claim covers the sessions it names; a session has at most one open claim
-- per student (the partial unique index), and a decided or withdrawn claim stays as a trace.
CREATE TABLE IF NOT EXISTS absence_claims (
    claim_id        uuid PRIMARY KEY,
    student_email   varchar(254) NOT NULL,
    kind            varchar(16) NOT NULL CHECK (kind IN ('WAS_THERE', 'MEDICAL', 'OFFICIAL_DUTY', 'FAMILY', 'OTHER')),
    reviewer        varchar(8) NOT NULL CHECK (reviewer IN ('TEACHER', 'OFFICE')),
    from_date       date NOT NULL,
    to_date         date NOT NULL CHECK (to_date >= from_date),
    comment         text NOT NULL,
    status          varchar(10) NOT NULL CHECK (status IN ('OPEN', 'APPROVED', 'REJECTED', 'WITHDRAWN')),
    filed_at        timestamptz NOT NULL,
    decided_at      timestamptz,
    decided_by      varchar(254),
    decision_note   text
);
CREATE INDEX IF NOT EXISTS absence_claims_student ON absence_claims (student_email, filed_at DESC);
CREATE INDEX IF NOT EXISTS absence_claims_open ON absence_claims (reviewer, filed_at) WHERE status = 'OPEN';

CREATE TABLE IF NOT EXISTS absence_claim_sessions (
    claim_id        uuid NOT NULL REFERENCES absence_claims ON DELETE CASCADE,
    session_id      uuid NOT NULL REFERENCES sessions,
    student_email   varchar(254) NOT NULL,
    open            boolean NOT NULL DEFAULT true,
    PRIMARY KEY (claim_id, session_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS absence_claim_one_open ON absence_claim_sessions (session_id, student_email) WHERE open;
CREATE INDEX IF NOT EXISTS absence_claim_sessions_session ON absence_claim_sessions (session_id);

-- A document is uploaded first (owned by its student, attached to no claim) and attached when the claim is filed;
-- one never attached is removed after a day. Its type was checked from its first bytes, not from what the phone said.
CREATE TABLE IF NOT EXISTS absence_claim_documents (
    document_id     uuid PRIMARY KEY,
    student_email   varchar(254) NOT NULL,
    claim_id        uuid REFERENCES absence_claims ON DELETE CASCADE,
    file_name       varchar(200) NOT NULL,
    media_type      varchar(32) NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes      integer NOT NULL,
    sha256          bytea NOT NULL,
    content         bytea NOT NULL,
    uploaded_at     timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS absence_claim_documents_claim ON absence_claim_documents (claim_id);
CREATE INDEX IF NOT EXISTS absence_claim_documents_loose ON absence_claim_documents (uploaded_at) WHERE claim_id IS NULL;
