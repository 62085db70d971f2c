-- Cluster variant of clickhouse/V3. The column goes on the local tables and on the Distributed one (which does not
-- follow its source's structure by itself).
ALTER TABLE ${db}.decisions_local ON CLUSTER '${cluster}' ADD COLUMN IF NOT EXISTS previous_status LowCardinality(String) DEFAULT '' AFTER status;

ALTER TABLE ${db}.decisions ON CLUSTER '${cluster}' ADD COLUMN IF NOT EXISTS previous_status LowCardinality(String) DEFAULT '' AFTER status;

-- The rollup lives beside the decisions it counts: the view reads each shard's local decisions and writes that
-- shard's local rollup, so a decision and its counts share a shard and a replicated insert's deduplication token
-- covers both (deduplicate_blocks_in_dependent_materialized_views = 1). Readers sum() over the Distributed table.
CREATE TABLE IF NOT EXISTS ${db}.student_subject_daily_local ON CLUSTER '${cluster}'
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
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/${db}/student_subject_daily', '{replica}')
PARTITION BY toYYYYMM(day)
ORDER BY (class_id, subject_id, day, student_email)
SETTINGS replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS ${db}.student_subject_daily ON CLUSTER '${cluster}' AS ${db}.student_subject_daily_local
ENGINE = Distributed('${cluster}', '${db}', 'student_subject_daily_local', cityHash64(class_id, student_email));

-- History decided before this rollup existed, once (skipped if an interrupted earlier run already filled it); it
-- goes through the Distributed table, so its rows spread by class and student, which sum() does not mind.
INSERT INTO ${db}.student_subject_daily
SELECT class_id, subject_id, session_date, student_email, toInt32(count()),
       toInt32(countIf(status = 'PRESENT')), toInt32(countIf(status = 'LATE')), toInt32(countIf(status = 'ABSENT')),
       toInt32(countIf(status = 'EXCUSED')), toInt32(countIf(status = 'FLAGGED'))
FROM ${db}.decisions FINAL
WHERE (SELECT count() FROM ${db}.student_subject_daily) = 0
GROUP BY class_id, subject_id, session_date, student_email
SETTINGS distributed_foreground_insert = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.student_subject_daily_mv ON CLUSTER '${cluster}' TO ${db}.student_subject_daily_local AS
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
FROM ${db}.decisions_local;
