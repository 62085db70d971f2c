-- The status each decision version replaces ('' for a first decision), so a rollup can move a count.
ALTER TABLE ${db}.decisions ADD COLUMN IF NOT EXISTS previous_status LowCardinality(String) DEFAULT '' AFTER status;

-- Rollup per student × subject × day for trends and rates: one row per key after merges; read with sum().
-- Each decision row adds +1 to its status and -1 to the status it replaces, and counts the session once
-- (held) on its first version, so overrides move counts instead of adding them. Exactly-once depends on the
-- sink: every decision row is inserted once, and a replayed batch carries the same deduplication token,
-- which also deduplicates this view's block (deduplicate_blocks_in_dependent_materialized_views = 1).
-- On a cluster: clickhouse-cluster/V3 (the same, on each shard's local decisions).
CREATE TABLE IF NOT EXISTS ${db}.student_subject_daily
(
    class_id       LowCardinality(String),
    subject_id     LowCardinality(String),
    day            Date,
    student_email  String,
    held           Int32,
    present        Int32,
    late           Int32,
    absent         Int32,
    excused        Int32,
    flagged        Int32
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (class_id, subject_id, day, student_email)
SETTINGS non_replicated_deduplication_window = 10000;

-- History decided before this rollup existed: its current state, once (runs before the view exists; skipped
-- if an interrupted earlier run already filled the rollup).
INSERT INTO ${db}.student_subject_daily
SELECT class_id, subject_id, session_date, student_email, toInt32(count()),
       toInt32(countIf(status = 'PRESENT')), toInt32(countIf(status = 'LATE')), toInt32(countIf(status = 'ABSENT')),
       toInt32(countIf(status = 'EXCUSED')), toInt32(countIf(status = 'FLAGGED'))
FROM ${db}.decisions FINAL
WHERE (SELECT count() FROM ${db}.student_subject_daily) = 0
GROUP BY class_id, subject_id, session_date, student_email;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.student_subject_daily_mv TO ${db}.student_subject_daily AS
SELECT class_id,
       subject_id,
       session_date AS day,
       student_email,
       toInt32(previous_status = '')                                    AS held,
       toInt32(status = 'PRESENT') - toInt32(previous_status = 'PRESENT') AS present,
       toInt32(status = 'LATE')    - toInt32(previous_status = 'LATE')    AS late,
       toInt32(status = 'ABSENT')  - toInt32(previous_status = 'ABSENT')  AS absent,
       toInt32(status = 'EXCUSED') - toInt32(previous_status = 'EXCUSED') AS excused,
       toInt32(status = 'FLAGGED') - toInt32(previous_status = 'FLAGGED') AS flagged
FROM ${db}.decisions;
