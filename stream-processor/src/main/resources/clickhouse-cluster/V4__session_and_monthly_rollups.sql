-- Cluster variant of clickhouse/V4. Each rollup lives beside the decisions it counts: its view reads each shard's local
-- decisions and writes that shard's local rollup (a session's decisions share a shard, so a session's row is whole on
-- it); readers sum() over the Distributed tables.
CREATE TABLE IF NOT EXISTS ${db}.session_daily_local ON CLUSTER '${cluster}'
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
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/${db}/session_daily', '{replica}')
PARTITION BY toYYYYMM(day)
ORDER BY (class_id, subject_id, day, session_id)
SETTINGS replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS ${db}.session_daily ON CLUSTER '${cluster}' AS ${db}.session_daily_local
ENGINE = Distributed('${cluster}', '${db}', 'session_daily_local', cityHash64(session_id));

CREATE TABLE IF NOT EXISTS ${db}.student_subject_monthly_local ON CLUSTER '${cluster}'
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
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/${db}/student_subject_monthly', '{replica}')
PARTITION BY toYear(month)
ORDER BY (class_id, subject_id, month, student_email)
SETTINGS replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS ${db}.student_subject_monthly ON CLUSTER '${cluster}' AS ${db}.student_subject_monthly_local
ENGINE = Distributed('${cluster}', '${db}', 'student_subject_monthly_local', cityHash64(class_id, student_email));

-- History decided before these rollups existed, once each, through the Distributed tables.
INSERT INTO ${db}.session_daily
SELECT class_id, subject_id, session_date, session_id, toInt32(count()),
       toInt32(countIf(status = 'PRESENT')), toInt32(countIf(status = 'LATE')), toInt32(countIf(status = 'ABSENT')),
       toInt32(countIf(status = 'EXCUSED')), toInt32(countIf(status = 'FLAGGED'))
FROM ${db}.decisions FINAL
WHERE (SELECT count() FROM ${db}.session_daily) = 0
GROUP BY class_id, subject_id, session_date, session_id
SETTINGS distributed_foreground_insert = 1;

INSERT INTO ${db}.student_subject_monthly
SELECT class_id, subject_id, toStartOfMonth(day), student_email, toInt32(sum(held)), toInt32(sum(present)), toInt32(sum(late)),
       toInt32(sum(absent)), toInt32(sum(excused)), toInt32(sum(flagged))
FROM ${db}.student_subject_daily
WHERE (SELECT count() FROM ${db}.student_subject_monthly) = 0
GROUP BY class_id, subject_id, toStartOfMonth(day), student_email
SETTINGS distributed_foreground_insert = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.session_daily_mv ON CLUSTER '${cluster}' TO ${db}.session_daily_local AS
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
FROM ${db}.decisions_local;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.student_subject_monthly_mv ON CLUSTER '${cluster}' TO ${db}.student_subject_monthly_local AS
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
FROM ${db}.decisions_local;
