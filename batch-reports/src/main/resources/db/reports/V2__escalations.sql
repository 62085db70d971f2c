-- Escalation steps already told for the crossing under way (docs/rules.md, "Escalation"): one row per student (a
-- SHA-256 of the e-mail, not the e-mail), subject and step. The row is the "once": a pass that inserts it sends the
-- mail, a pass that finds it sends nothing; a pass that finds the condition gone deletes it (re-armed). A student who
-- is no longer on any at-risk list (erased, graduated, recovered) loses their rows at the next pass.
CREATE TABLE IF NOT EXISTS escalations (
    student_hash    char(64) NOT NULL,
    subject_id      varchar(64) NOT NULL,
    step            varchar(40) NOT NULL,
    fired_at        timestamptz NOT NULL,
    PRIMARY KEY (student_hash, subject_id, step)
);
