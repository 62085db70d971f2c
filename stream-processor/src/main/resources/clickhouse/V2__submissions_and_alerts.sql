-- Every submission, accepted or refused (outcome = ACCEPTED or the refusal's code), for analytics (SPEC rule 7).
CREATE TABLE IF NOT EXISTS ${db}.submissions
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
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (session_id, submission_id, outcome)
SETTINGS non_replicated_deduplication_window = 10000;

-- What the system spotted, per session.
CREATE TABLE IF NOT EXISTS ${db}.alerts
(
    session_id   String,
    type         LowCardinality(String),
    at           DateTime64(3, 'UTC'),
    students     Array(String),
    detail       String,
    ingested_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (session_id, type, students, at)
SETTINGS non_replicated_deduplication_window = 10000;
