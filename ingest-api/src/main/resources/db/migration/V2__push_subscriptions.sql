-- Web Push subscriptions of closed browser apps (one per browser), kept until the push service says gone.
CREATE TABLE push_subscriptions (
    endpoint    varchar(1000) PRIMARY KEY,
    email       varchar(254) NOT NULL REFERENCES users,
    p256dh      varchar(200) NOT NULL,
    auth        varchar(64) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX push_subscriptions_email ON push_subscriptions (email);
