-- Two more rollups of the decisions, so that no dashboard reads the decisions themselves for counts:
--   session_daily: per session (held, present, late, absent, excused, flagged) — the sessions with the most absences,
--     the trends, the rates of a department's classes and of the college's departments read a row per session
--     instead of one per student;
--   student_subject_monthly: per student × subject × month — a term's counts per student (the at-risk list, class
--     summaries) read whole months here and only the days at the edges from student_subject_daily.
-- Both are filled as student_subject_daily is: each decision row adds +1 to its status and -1 to the one it replaces,
-- and counts the session once (held) on its first version; read with sum(). No personal data in session_daily; the
-- monthly rollup names the student and is erased with the rest of their history.
-- On a cluster: clickhouse-cluster/V4 (the same, on each shard's local decisions).
CREATE TABLE IF NOT EXISTS ${db}.session_daily
(
    class_id    LowCardinality(String),
    subject_id  LowCardinality(String),
    day         Date,
    session_id  String,
    held        Int32,
    present     Int32,
    late        Int32,
    absent      Int32,
    excused     Int32,
    flagged     Int32
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (class_id, subject_id, day, session_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS ${db}.student_subject_monthly
(
    class_id       LowCardinality(String),
    subject_id     LowCardinality(String),
    month          Date,
    student_email  String,
    held           Int32,
    present        Int32,
    late           Int32,
    absent         Int32,
    excused        Int32,
    flagged        Int32
)
ENGINE = SummingMergeTree
PARTITION BY toYear(month)
ORDER BY (class_id, subject_id, month, student_email)
SETTINGS non_replicated_deduplication_window = 10000;

-- History decided before these rollups existed, once each (skipped if an interrupted earlier run already filled one).
INSERT INTO ${db}.session_daily
SELECT class_id, subject_id, session_date, session_id, toInt32(count()),
       toInt32(countIf(status = 'PRESENT')), toInt32(countIf(status = 'LATE')), toInt32(countIf(status = 'ABSENT')),
       toInt32(countIf(status = 'EXCUSED')), toInt32(countIf(status = 'FLAGGED'))
FROM ${db}.decisions FINAL
WHERE (SELECT count() FROM ${db}.session_daily) = 0
GROUP BY class_id, subject_id, session_date, session_id;

INSERT INTO ${db}.student_subject_monthly
SELECT class_id, subject_id, toStartOfMonth(day), student_email, toInt32(sum(held)), toInt32(sum(present)), toInt32(sum(late)),
       toInt32(sum(absent)), toInt32(sum(excused)), toInt32(sum(flagged))
FROM ${db}.student_subject_daily
WHERE (SELECT count() FROM ${db}.student_subject_monthly) = 0
GROUP BY class_id, subject_id, toStartOfMonth(day), student_email;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.session_daily_mv TO ${db}.session_daily AS
SELECT class_id,
       subject_id,
       session_date AS day,
       session_id,
       toInt32(previous_status = '')                                    AS held,
       toInt32(status = 'PRESENT') - toInt32(previous_status = 'PRESENT') AS present,
       toInt32(status = 'LATE')    - toInt32(previous_status = 'LATE')    AS late,
       toInt32(status = 'ABSENT')  - toInt32(previous_status = 'ABSENT')  AS absent,
       toInt32(status = 'EXCUSED') - toInt32(previous_status = 'EXCUSED') AS excused,
       toInt32(status = 'FLAGGED') - toInt32(previous_status = 'FLAGGED') AS flagged
FROM ${db}.decisions;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.student_subject_monthly_mv TO ${db}.student_subject_monthly AS
SELECT class_id,
       subject_id,
       toStartOfMonth(session_date) AS month,
       student_email,
       toInt32(previous_status = '')                                    AS held,
       toInt32(status = 'PRESENT') - toInt32(previous_status = 'PRESENT') AS present,
       toInt32(status = 'LATE')    - toInt32(previous_status = 'LATE')    AS late,
       toInt32(status = 'ABSENT')  - toInt32(previous_status = 'ABSENT')  AS absent,
       toInt32(status = 'EXCUSED') - toInt32(previous_status = 'EXCUSED') AS excused,
       toInt32(status = 'FLAGGED') - toInt32(previous_status = 'FLAGGED') AS flagged
FROM ${db}.decisions;
