-- Files (docs/files.md): a file row per registered file, a row per stored part, and the app's
-- file options. A file's parts live in the file storage (a directory or an S3 bucket) under its
-- id, or in the app's own storage. Files do not reference their group or user: deleting those
-- marks their files deleted, and the purge job removes the parts before the rows go.

CREATE TABLE files (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    owner_id TEXT NOT NULL,
    belongs_to_type TEXT NOT NULL,
    belongs_to TEXT,
    master_key_id TEXT NOT NULL,
    wrapped_key TEXT NOT NULL,
    encrypted_file_name TEXT,
    extern_storage BIGINT NOT NULL DEFAULT 0,
    session_id TEXT UNIQUE,
    session_expires_at BIGINT NOT NULL DEFAULT 0,
    complete BIGINT NOT NULL DEFAULT 0,
    deleted_at BIGINT,
    created_at BIGINT NOT NULL,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX files_by_belongs_to ON files (app_id, belongs_to_type, belongs_to);
CREATE INDEX files_by_owner ON files (app_id, owner_id);
-- The purge job's two lookups: deleted files, and uploads whose session may have expired.
CREATE INDEX files_deleted ON files (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX files_uploading ON files (session_expires_at) WHERE complete = 0 AND deleted_at IS NULL;

CREATE TABLE file_parts (
    file_id TEXT NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    sequence BIGINT NOT NULL,
    size BIGINT NOT NULL,
    PRIMARY KEY (file_id, sequence)
);

-- Parts of deleted files in apps' own storage, until the app's backend says it removed them.
CREATE TABLE file_deleted_parts (
    app_id TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    part_id TEXT NOT NULL,
    deleted_at BIGINT NOT NULL,
    PRIMARY KEY (app_id, part_id)
);

ALTER TABLE apps ADD COLUMN file_storage TEXT NOT NULL DEFAULT 'server';
ALTER TABLE apps ADD COLUMN file_quota_bytes BIGINT;
ALTER TABLE apps ADD COLUMN file_bytes_used BIGINT NOT NULL DEFAULT 0;
ALTER TABLE groups ADD COLUMN file_rank BIGINT NOT NULL DEFAULT 4;
