-- Web Push subscriptions of closed browser apps (one per browser), kept until the push service says gone. The e-mail
-- is an ingest-api account, referred to by key without a foreign key so that this module migrates on its own.
CREATE TABLE IF NOT EXISTS push_subscriptions (
    endpoint    varchar(1000) PRIMARY KEY,
    email       varchar(254) NOT NULL,
    p256dh      varchar(200) NOT NULL,
    auth        varchar(64) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS push_subscriptions_email ON push_subscriptions (email);
