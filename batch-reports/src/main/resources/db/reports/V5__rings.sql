-- Rings (docs/rules.md, "Rings"): groups of classmates whose marks keep coming together, found by the daily pass over the
-- history, listed for the department, and the teachers' spot checks of them. Never a penalty: a ring is a question.
CREATE TABLE IF NOT EXISTS rings (
    ring_id           uuid PRIMARY KEY,
    class_id          varchar(64) NOT NULL,
    -- the students, sorted; and their e-mails' SHA-256 (hex), which an erasure names
    members           text[] NOT NULL,
    member_hashes     text[] NOT NULL,
    members_key       text NOT NULL UNIQUE,
    score             integer NOT NULL,
    shared_classes    integer NOT NULL,
    together          integer NOT NULL,
    same_address      integer NOT NULL,
    flagged_together  integer NOT NULL,
    -- LISTED (found, not checked), CHECK_REQUESTED (a spot check waits for the class), CONFIRMED (a member marked was
    -- not in the room), CLEARED (all were there)
    status            varchar(20) NOT NULL CHECK (status IN ('LISTED', 'CHECK_REQUESTED', 'CONFIRMED', 'CLEARED')),
    first_found_at    timestamptz NOT NULL,
    last_found_at     timestamptz NOT NULL,
    status_changed_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS rings_class ON rings (class_id);
CREATE INDEX IF NOT EXISTS rings_hashes ON rings USING gin (member_hashes);

-- A spot check: asked by someone for the ring's class's next session, answered by its teacher there.
CREATE TABLE IF NOT EXISTS spot_checks (
    check_id        uuid PRIMARY KEY,
    ring_id         uuid NOT NULL REFERENCES rings ON DELETE CASCADE,
    class_id        varchar(64) NOT NULL,
    requested_by    varchar(254) NOT NULL,
    requested_at    timestamptz NOT NULL,
    session_id      varchar(64),
    answered_by     varchar(254),
    answered_at     timestamptz,
    -- per member: e-mail → IN_ROOM | NOT_IN_ROOM | NOT_MARKED
    answers         jsonb
);
CREATE INDEX IF NOT EXISTS spot_checks_open ON spot_checks (class_id) WHERE answered_at IS NULL;
