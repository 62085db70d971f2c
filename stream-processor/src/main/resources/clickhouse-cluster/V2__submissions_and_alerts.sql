-- Cluster variant of clickhouse/V2: replicated local tables, Distributed tables of the single-server names,
-- sharded by session like the decisions.
CREATE TABLE IF NOT EXISTS ${db}.submissions_local ON CLUSTER '${cluster}'
(
    submission_id   String,
    session_id      String,
    student_email   String,
    method          LowCardinality(String),
    outcome         LowCardinality(String),
    captured_at     Nullable(DateTime64(3, 'UTC')),
    received_at     DateTime64(3, 'UTC'),
    offline         Bool,
    device_id       String,
    client_address  String,
    risk_score      UInt16,
    flags           Array(LowCardinality(String)),
    ingested_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/${db}/submissions', '{replica}')
PARTITION BY toYYYYMM(received_at)
ORDER BY (session_id, submission_id, outcome)
SETTINGS replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS ${db}.submissions ON CLUSTER '${cluster}' AS ${db}.submissions_local
ENGINE = Distributed('${cluster}', '${db}', 'submissions_local', cityHash64(session_id));

CREATE TABLE IF NOT EXISTS ${db}.alerts_local ON CLUSTER '${cluster}'
(
    session_id   String,
    type         LowCardinality(String),
    at           DateTime64(3, 'UTC'),
    students     Array(String),
    detail       String,
    ingested_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/${db}/alerts', '{replica}')
PARTITION BY toYYYYMM(at)
ORDER BY (session_id, type, students, at)
SETTINGS replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS ${db}.alerts ON CLUSTER '${cluster}' AS ${db}.alerts_local
ENGINE = Distributed('${cluster}', '${db}', 'alerts_local', cityHash64(session_id));
