-- Who receives which scheduled report (the daily at-risk list, weekly trends), for a department or all of them.
-- The e-mail and department are ingest-api's rows, referred to by key without a foreign key so that this module
-- migrates on its own (accounts and departments are never deleted; the subscription checks they exist).
CREATE TABLE IF NOT EXISTS report_subscriptions (
    id              bigserial PRIMARY KEY,
    email           varchar(254) NOT NULL,
    job             varchar(32) NOT NULL,
    department_id   varchar(64),
    UNIQUE (email, job, department_id)
);
