-- The absence claims whose decision was e-mailed to the student (docs/rules.md, "Absence claims"): the row is the
-- "once" across report instances. Kept as long as the claims they name are (a claim's row goes with it).
CREATE TABLE IF NOT EXISTS claim_mails (
    claim_id        uuid PRIMARY KEY,
    mailed_at       timestamptz NOT NULL
);
