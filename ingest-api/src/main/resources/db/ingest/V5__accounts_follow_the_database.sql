-- Access tokens are checked against the database on every request (platform-web's Accounts keeps a copy in memory):
-- these triggers tell every instance, through LISTEN/NOTIFY, which account or login family changed, whoever changed it
-- (the platform or psql). The payload is "<origin>|<key>"; origin "db" is no instance, so every instance hears it.

-- login families revoked (a refresh token used twice): their access tokens are refused from then on
CREATE TABLE IF NOT EXISTS revoked_families (
    family_id       uuid PRIMARY KEY,
    revoked_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS revoked_families_at ON revoked_families (revoked_at);

CREATE OR REPLACE FUNCTION announce_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pg_notify('accounts', 'db|' || OLD.email);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND (TG_OP = 'INSERT' OR NEW.email <> OLD.email) THEN
        PERFORM pg_notify('accounts', 'db|' || NEW.email);
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS users_announce_changed ON users;
CREATE TRIGGER users_announce_changed AFTER UPDATE ON users FOR EACH ROW
    WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.verified IS DISTINCT FROM NEW.verified
          OR OLD.blocked IS DISTINCT FROM NEW.blocked OR OLD.email IS DISTINCT FROM NEW.email)
    EXECUTE FUNCTION announce_account();
DROP TRIGGER IF EXISTS users_announce_added_or_removed ON users;
CREATE TRIGGER users_announce_added_or_removed AFTER INSERT OR DELETE ON users FOR EACH ROW
    EXECUTE FUNCTION announce_account();

CREATE OR REPLACE FUNCTION announce_revoked_family() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('families', 'db|' || NEW.family_id::text);
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS revoked_families_announce ON revoked_families;
CREATE TRIGGER revoked_families_announce AFTER INSERT ON revoked_families FOR EACH ROW
    EXECUTE FUNCTION announce_revoked_family();
