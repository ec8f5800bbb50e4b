-- Device registrations wait in a table of their own, so an announced identifier is not
-- reserved (nor its existence revealed) before a logged-in device of the user adds it; the
-- identifier's uniqueness is checked when the device joins a user. Pending rows of `devices`
-- from before are dropped (they expire within a day anyway).
DELETE FROM devices WHERE user_id IS NULL;

CREATE TABLE device_registrations (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    password_params TEXT NOT NULL,
    hashed_auth_key TEXT NOT NULL,
    master_key TEXT NOT NULL,
    public_key TEXT NOT NULL,
    verify_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    sign_key TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX device_registrations_by_app ON device_registrations (app_id, created_at);

-- One-time nonces a logged-in device signs with its device sign key to prove it holds its
-- keys (password reset, identifier change, adding a device): a stolen JWT or refresh token
-- alone cannot do these.
CREATE TABLE device_proof_nonces (
    nonce_hash TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
);
CREATE INDEX device_proof_nonces_by_device ON device_proof_nonces (device_id, expires_at);

-- Fixed-window counters shared by every server process: login attempts per identifier and per
-- client address, device registrations per address. A bucket is a hash of what it counts.
CREATE TABLE rate_limits (
    bucket TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL
);
DROP TABLE login_failures;

-- Invites, join acceptances and re-invites of groups with more generations than one request
-- carries: the first request holds the newest page and opens a session for the rest.
CREATE TABLE group_key_sessions (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    member_id TEXT NOT NULL,
    member_key_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX group_key_sessions_by_member ON group_key_sessions (group_id, member_id);

-- Counting a group's recent rotations (the rotation rate limit).
CREATE INDEX group_keys_by_time ON group_keys (group_id, created_at);
CREATE INDEX user_keys_by_time ON user_keys (user_id, created_at);
