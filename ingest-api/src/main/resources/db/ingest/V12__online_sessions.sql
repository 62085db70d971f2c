-- Online and hybrid classes (docs/rules.md, "Online classes"): where a session is held, the meeting's participant
-- reports imported into it (minutes per student), and the in-meeting check-ins with the students who answered.
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS delivery varchar(8) NOT NULL DEFAULT 'IN_ROOM'
    CHECK (delivery IN ('IN_ROOM', 'ONLINE', 'HYBRID'));

-- One import of a meeting's report: its format, who imported it, and the participants not on the roster (names only).
CREATE TABLE IF NOT EXISTS meeting_imports (
    import_id       uuid PRIMARY KEY,
    session_id      uuid NOT NULL REFERENCES sessions ON DELETE CASCADE,
    format          varchar(8) NOT NULL CHECK (format IN ('ZOOM', 'TEAMS', 'MEET')),
    participants    integer NOT NULL,
    matched         integer NOT NULL,
    unknown         text[] NOT NULL,
    imported_by     varchar(254) NOT NULL,
    imported_at     timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS meeting_imports_session ON meeting_imports (session_id);

-- Each roster student's time in the meeting, merged over every report imported into the session (reconnects and
-- several meeting instances): the intervals as "start/end" ISO pairs, clipped to the session.
CREATE TABLE IF NOT EXISTS meeting_attendance (
    session_id      uuid NOT NULL REFERENCES sessions ON DELETE CASCADE,
    student_email   varchar(254) NOT NULL REFERENCES users ON DELETE CASCADE,
    intervals       text[] NOT NULL,
    PRIMARY KEY (session_id, student_email)
);

CREATE TABLE IF NOT EXISTS check_ins (
    check_in_id     uuid PRIMARY KEY,
    session_id      uuid NOT NULL REFERENCES sessions ON DELETE CASCADE,
    code            varchar(4) NOT NULL,
    opens_at        timestamptz NOT NULL,
    closes_at       timestamptz NOT NULL,
    started_by      varchar(254) NOT NULL
);
CREATE INDEX IF NOT EXISTS check_ins_session ON check_ins (session_id, opens_at);

CREATE TABLE IF NOT EXISTS check_in_answers (
    check_in_id     uuid NOT NULL REFERENCES check_ins ON DELETE CASCADE,
    student_email   varchar(254) NOT NULL REFERENCES users ON DELETE CASCADE,
    answered_at     timestamptz,
    wrong_tries     integer NOT NULL DEFAULT 0,
    PRIMARY KEY (check_in_id, student_email)
);
