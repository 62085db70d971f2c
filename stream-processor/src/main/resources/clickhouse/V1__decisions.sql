-- One row per version of a (session, student) decision; the highest version wins on merge and with FINAL.
-- Partitioned by month, ordered for per-class / per-subject scans; a bloom filter serves per-student reads.
-- On a cluster (attendance.clickhouse.cluster) the same version in clickhouse-cluster/ is applied instead.
CREATE TABLE IF NOT EXISTS ${db}.decisions
(
    session_id     String,
    student_email  String,
    subject_id     LowCardinality(String),
    class_id       LowCardinality(String),
    session_date   Date,
    status         LowCardinality(String),
    method         LowCardinality(String),
    at             DateTime64(3, 'UTC'),
    decided_at     DateTime64(3, 'UTC'),
    offline        Bool,
    submission_id  String,
    flags          Array(LowCardinality(String)),
    version        UInt32,
    ingested_at    DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_student student_email TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(session_date)
ORDER BY (class_id, subject_id, session_date, session_id, student_email)
SETTINGS non_replicated_deduplication_window = 10000;
