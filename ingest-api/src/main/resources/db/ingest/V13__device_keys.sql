-- Proof of the phone (docs/rules.md rule 6): a device may hold a key the phone never lets go of. A passkey (WebAuthn,
-- unlocked by the student's fingerprint, face or PIN on the phone) or, where the browser has none, a per-install
-- WebCrypto key that cannot be exported. Every capture from a keyed device carries a signature over the code it
-- submits; the fingerprint of browser properties stays as weak evidence only.
ALTER TABLE devices
    ADD COLUMN key_kind text CHECK (key_kind IN ('PASSKEY', 'INSTALL_KEY')),
    -- base64url: the passkey's credential id, or SHA-256 of the install key's public key
    ADD COLUMN credential_id text,
    -- a passkey's attested credential data (AAGUID, credential id, COSE public key); an install key's SPKI
    ADD COLUMN public_key bytea,
    -- the relying party the key belongs to (the web app's host)
    ADD COLUMN rp_id text,
    -- a passkey the phone's vendor may copy to the student's other devices (backup eligible)
    ADD COLUMN key_synced boolean NOT NULL DEFAULT false,
    ADD COLUMN key_added_at timestamptz,
    ADD CONSTRAINT devices_key_complete CHECK ((key_kind IS NULL) = (credential_id IS NULL)
        AND (key_kind IS NULL) = (public_key IS NULL) AND (key_kind IS NULL) = (rp_id IS NULL));

-- one key, one device: a key registered for one student cannot be registered again for another
CREATE UNIQUE INDEX devices_credential ON devices (credential_id) WHERE credential_id IS NOT NULL;

-- the challenges a phone signs when it registers its key: single use, five minutes, shared by every ingest instance
CREATE TABLE device_challenges (
    challenge  text PRIMARY KEY,
    user_email text NOT NULL REFERENCES users (email) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
);
CREATE INDEX device_challenges_expiry ON device_challenges (expires_at);
