-- Groups, members, key generations, invites and join requests, durable key rotation jobs,
-- registered symmetric keys. Member ids are user ids or group ids (member_type 0 or 1).

CREATE TABLE groups (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    parent_id TEXT REFERENCES groups (id) ON DELETE CASCADE,
    is_connected BIGINT NOT NULL DEFAULT 0,
    invites_allowed BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE INDEX groups_by_parent ON groups (parent_id, created_at, id);

CREATE TABLE group_keys (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    signed_by TEXT,
    previous_key_id TEXT,
    new_key_by_ephemeral TEXT,
    ephemeral_by_previous TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (group_id, seq)
);

CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    member_id TEXT NOT NULL,
    member_type BIGINT NOT NULL,
    rank BIGINT NOT NULL,
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, member_id)
);
CREATE INDEX group_members_by_member ON group_members (member_id, joined_at, group_id);

-- Each key holder's copy of each generation: members, pending invitees, the parent group.
CREATE TABLE group_member_keys (
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    member_id TEXT NOT NULL,
    key_id TEXT NOT NULL REFERENCES group_keys (id) ON DELETE CASCADE,
    wrapped_key TEXT NOT NULL,
    PRIMARY KEY (group_id, member_id, key_id)
);

-- Invites (kind 0) and join requests (kind 1).
CREATE TABLE group_requests (
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    member_id TEXT NOT NULL,
    member_type BIGINT NOT NULL,
    kind BIGINT NOT NULL,
    rank BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, member_id)
);
CREATE INDEX group_requests_by_member ON group_requests (member_id, kind, created_at, group_id);

-- A rotation's wrapping work: resumable by any server process (lease), in member id order.
CREATE TABLE group_rotation_jobs (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    key_id TEXT NOT NULL REFERENCES group_keys (id) ON DELETE CASCADE,
    skip_member TEXT NOT NULL,
    cursor TEXT NOT NULL DEFAULT '',
    done BIGINT NOT NULL DEFAULT 0,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX group_rotation_jobs_open ON group_rotation_jobs (done, lease_until, created_at);

CREATE TABLE group_pending_rotations (
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    key_id TEXT NOT NULL REFERENCES group_keys (id) ON DELETE CASCADE,
    member_id TEXT NOT NULL,
    encrypted_ephemeral TEXT NOT NULL,
    PRIMARY KEY (group_id, key_id, member_id)
);
CREATE INDEX group_pending_by_member ON group_pending_rotations (group_id, member_id);

CREATE TABLE sym_keys (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    creator_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    wrapped_key TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
