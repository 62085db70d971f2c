-- Capture requests per student and per (off-campus) address in each minute, summed over every ingest instance
-- (attendance.capture.claims=DATABASE): each instance adds what it let through about once a second and refuses a key
-- the platform as a whole has let through more than its limit in the minute. A row names a student or an address
-- and lives two minutes.
CREATE TABLE IF NOT EXISTS rate_counts (
    key          text        NOT NULL,
    window_start timestamptz NOT NULL,
    n            int         NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX IF NOT EXISTS rate_counts_window ON rate_counts (window_start);
