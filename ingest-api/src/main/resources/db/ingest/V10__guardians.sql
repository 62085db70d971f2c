-- A student's guardian (docs/rules.md, "Guardians"): imported with the roster, one per student; notify is the college's
-- per-student switch (a guardian is told nothing when it is off, or while the college's own switch is off). The row
-- goes with the student (an erasure, a student removed).
CREATE TABLE IF NOT EXISTS guardians (
    student_email   varchar(254) PRIMARY KEY REFERENCES students ON DELETE CASCADE,
    name            text NOT NULL,
    email           varchar(254) NOT NULL,
    notify          boolean NOT NULL
);
