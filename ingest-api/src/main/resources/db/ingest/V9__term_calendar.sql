-- The term calendar (docs/rules.md, "The term calendar"): days off and teaching days that follow another weekday's
-- timetable; a period of one day cancelled by its teacher (with the reason students read); a subject's classes handed
-- to another teacher for some days.
CREATE TABLE IF NOT EXISTS calendar_days (
    day             date PRIMARY KEY,
    kind            varchar(8) NOT NULL CHECK (kind IN ('HOLIDAY', 'TEACHING')),
    follows         varchar(3) CHECK (follows IN ('MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN')),
    name            text NOT NULL,
    CHECK ((kind = 'TEACHING') = (follows IS NOT NULL))
);

CREATE TABLE IF NOT EXISTS period_cancellations (
    period_id       varchar(64) NOT NULL REFERENCES periods ON DELETE CASCADE,
    day             date NOT NULL,
    reason          text NOT NULL,
    cancelled_by    varchar(254) NOT NULL,
    cancelled_at    timestamptz NOT NULL,
    PRIMARY KEY (period_id, day)
);

CREATE TABLE IF NOT EXISTS substitutions (
    substitution_id  uuid PRIMARY KEY,
    subject_id       varchar(64) NOT NULL REFERENCES subjects ON DELETE CASCADE,
    from_date        date NOT NULL,
    to_date          date NOT NULL CHECK (to_date >= from_date),
    substitute_email varchar(254) NOT NULL REFERENCES teachers ON DELETE CASCADE,
    reason           text,
    assigned_by      varchar(254) NOT NULL,
    assigned_at      timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS substitutions_substitute ON substitutions (substitute_email, to_date);
CREATE INDEX IF NOT EXISTS substitutions_subject ON substitutions (subject_id, to_date);
