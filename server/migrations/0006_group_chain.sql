-- Group key chains: each generation's commitment to its symmetric key and, for a rotation, the
-- proof (a MAC under the previous generation) that its maker held the generation before. The
-- link itself is previous_key_id and signed_by; group ids are chosen by clients.
ALTER TABLE group_keys ADD COLUMN commitment TEXT NOT NULL DEFAULT '';
ALTER TABLE group_keys ADD COLUMN previous_key_proof TEXT;
