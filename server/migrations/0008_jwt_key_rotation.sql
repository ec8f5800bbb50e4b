-- JWT signing keys can be rotated: a rotated-out key verifies the tokens it signed until
-- retire_at (their lifetime), then leaves the JWKS and verifies nothing. NULL: the key is live.
ALTER TABLE app_jwt_keys ADD COLUMN retire_at BIGINT;
CREATE INDEX app_jwt_keys_by_app ON app_jwt_keys (app_id, created_at);
