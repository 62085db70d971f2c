-- Transactional outbox: the events that describe a change (a session opened or closed, a teacher's mark) are written
-- in the same transaction as the change and sent to Kafka after it committed, in id order; a sent row is deleted.
CREATE TABLE IF NOT EXISTS outbox (
    id          bigserial PRIMARY KEY,
    topic       varchar(200) NOT NULL,
    event_key   varchar(200) NOT NULL,
    event_type  varchar(200) NOT NULL,
    payload     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
