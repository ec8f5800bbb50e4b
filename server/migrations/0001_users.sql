-- Apps, users, devices, user keys, sessions. One schema for SQLite and PostgreSQL: TEXT and
-- BIGINT only; ids are random hex; times are milliseconds since the Unix epoch.

CREATE TABLE apps (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    public_token_hash TEXT NOT NULL UNIQUE,
    secret_token_hash TEXT NOT NULL UNIQUE,
    options TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE app_jwt_keys (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    sign_key TEXT NOT NULL,
    verify_key TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    otp_secret TEXT,
    otp_recovery TEXT,
    otp_last_step BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    password_params TEXT NOT NULL,
    hashed_auth_key TEXT NOT NULL,
    master_key TEXT NOT NULL,
    public_key TEXT NOT NULL,
    verify_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    sign_key TEXT NOT NULL,
    registration_token_hash TEXT UNIQUE,
    session_version BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (app_id, identifier)
);
CREATE INDEX devices_by_user ON devices (user_id, created_at, id);

CREATE TABLE user_keys (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    public_key TEXT NOT NULL,
    verify_key TEXT NOT NULL,
    verify_key_id TEXT NOT NULL,
    private_key TEXT NOT NULL,
    sign_key TEXT NOT NULL,
    public_key_signature TEXT NOT NULL,
    previous_key_id TEXT,
    new_key_by_ephemeral TEXT,
    started_by_device TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, seq)
);

CREATE TABLE device_keys (
    device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    key_id TEXT NOT NULL REFERENCES user_keys (id) ON DELETE CASCADE,
    wrapped_key TEXT NOT NULL,
    PRIMARY KEY (device_id, key_id)
);

CREATE TABLE device_rotations (
    device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    key_id TEXT NOT NULL REFERENCES user_keys (id) ON DELETE CASCADE,
    encrypted_ephemeral TEXT NOT NULL,
    PRIMARY KEY (device_id, key_id)
);

CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX refresh_tokens_by_device ON refresh_tokens (device_id);

CREATE TABLE login_challenges (
    challenge_hash TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
);
CREATE INDEX login_challenges_by_device ON login_challenges (device_id, expires_at);

CREATE TABLE login_failures (
    app_id TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    identifier_hash TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    failures BIGINT NOT NULL,
    PRIMARY KEY (app_id, identifier_hash)
);
