-- The browser sign-in's unfinished authorization requests (OAuth2 / OpenID Connect with the college's identity provider),
-- kept where every ingest instance sees them: the browser may start on one instance and come back to another. Keyed by
-- the request's random state, which the browser also holds in a cookie (the flow is bound to the browser that began it).
-- No personal data: the state, the nonce and the PKCE verifier; gone once used, or 10 minutes after it began.
CREATE TABLE IF NOT EXISTS browser_sign_ins (
    state      text PRIMARY KEY,
    request    text NOT NULL,
    started_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS browser_sign_ins_started ON browser_sign_ins (started_at);
