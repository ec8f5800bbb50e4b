-- The user key chain: each generation's link signature (its predecessor is `previous_key_id`,
-- now set for the first generation too: NULL), and each device's sealed chain state (what the
-- device verified, sealed under its master key; the server cannot read or change it).
ALTER TABLE user_keys ADD COLUMN link_signature TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN chain_state TEXT;
