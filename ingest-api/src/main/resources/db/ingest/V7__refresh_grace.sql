-- A refresh token answered once may be presented again for a short grace (two tabs refreshing together, an answer
-- lost on a bad network): the same successor is answered. The successor is kept sealed with a key derived from the
-- spent token itself, so only whoever holds that token can open it; the database alone cannot.
ALTER TABLE refresh_tokens ADD COLUMN IF NOT EXISTS successor_sealed bytea;
