-- The LMS as an LTI 1.3 platform (docs/lms.md): the platforms an admin registered, the logins begun and not yet
-- finished (state and nonce, single use), which LMS user is which person, and which LMS course is which subject.
CREATE TABLE IF NOT EXISTS lti_platforms (
    platform_id     uuid PRIMARY KEY,
    name            text NOT NULL,
    issuer          varchar(500) NOT NULL,
    client_id       varchar(255) NOT NULL,
    deployment_ids  text[] NOT NULL,
    auth_login_url  varchar(500) NOT NULL,
    token_url       varchar(500) NOT NULL,
    jwks_url        varchar(500) NOT NULL,
    -- the origins of the LMS's pages that may show the tool in a frame (Content-Security-Policy frame-ancestors)
    frame_origins   text[] NOT NULL,
    created_by      varchar(254) NOT NULL,
    created_at      timestamptz NOT NULL,
    UNIQUE (issuer, client_id)
);

-- A login initiation's state and nonce: the launch that comes back must carry both, once, within minutes.
CREATE TABLE IF NOT EXISTS lti_logins (
    state           varchar(64) PRIMARY KEY,
    nonce           varchar(64) NOT NULL,
    platform_id     uuid NOT NULL REFERENCES lti_platforms ON DELETE CASCADE,
    started_at      timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS lti_logins_started ON lti_logins (started_at);

-- The LMS's user id ("sub") of a person of the roster, per platform; learned at launch and from the course roster.
CREATE TABLE IF NOT EXISTS lti_users (
    platform_id     uuid NOT NULL REFERENCES lti_platforms ON DELETE CASCADE,
    lti_user_id     varchar(255) NOT NULL,
    email           varchar(254) NOT NULL REFERENCES users ON DELETE CASCADE,
    PRIMARY KEY (platform_id, lti_user_id)
);
CREATE INDEX IF NOT EXISTS lti_users_email ON lti_users (email);

-- An LMS course (its "context") taught as one subject, with the services the LMS offers for it.
CREATE TABLE IF NOT EXISTS lti_courses (
    platform_id      uuid NOT NULL REFERENCES lti_platforms ON DELETE CASCADE,
    context_id       varchar(255) NOT NULL,
    -- null until the instructor (or an admin) says which subject the course is
    subject_id       varchar(64) REFERENCES subjects ON DELETE CASCADE,
    title            text NOT NULL,
    memberships_url  varchar(1000),
    lineitems_url    varchar(1000),
    ags_scopes       text[] NOT NULL DEFAULT '{}',
    lineitem_url     varchar(1000),
    linked_by        varchar(254) NOT NULL,
    linked_at        timestamptz NOT NULL,
    synced_at        timestamptz,
    sync_result      text,
    PRIMARY KEY (platform_id, context_id)
);
CREATE INDEX IF NOT EXISTS lti_courses_subject ON lti_courses (subject_id);

-- A launch that passed, waiting for the web app in the LMS's frame to take its tokens (once, within minutes, from the
-- browser that holds the launch's cookie). Only the code's hash is kept.
CREATE TABLE IF NOT EXISTS lti_handoffs (
    code_hash       bytea PRIMARY KEY,
    email           varchar(254) NOT NULL REFERENCES users ON DELETE CASCADE,
    landing         text NOT NULL,
    created_at      timestamptz NOT NULL
);
