-- Cluster variant of clickhouse/V1 (attendance.clickhouse.cluster=<name>): the same table, replicated within each
-- shard through ClickHouse Keeper, and a Distributed table of the same name over the shards, which is what the sink
-- writes and the readers query. Every version of a (session, student) decision lands on one shard
-- (cityHash64(session_id)), so ReplacingMergeTree and FINAL stay correct shard by shard.
-- {shard} and {replica} are the servers' own macros; ${cluster} and ${db} are filled in by the migrator.
CREATE TABLE IF NOT EXISTS ${db}.decisions_local ON CLUSTER '${cluster}'
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/${db}/decisions', '{replica}', version)
PARTITION BY toYYYYMM(session_date)
ORDER BY (class_id, subject_id, session_date, session_id, student_email)
SETTINGS replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS ${db}.decisions ON CLUSTER '${cluster}' AS ${db}.decisions_local
ENGINE = Distributed('${cluster}', '${db}', 'decisions_local', cityHash64(session_id));
