//! Request and response bodies of the file endpoints (docs/files.md), shared by client and server.
//!
//! A file's id is the id of its content key: the metadata's wrapped key must carry the id the
//! reader asked for, so a server cannot answer with another file's key.

use serde::{Deserialize, Serialize};

use crate::crypto::{KeyId, WrappedKey};

/// Parts per page of a file's part list (in the metadata, then `part_fetch` pages).
pub const PARTS_PAGE: i64 = 500;

/// Whom a file belongs to (sentc's `BelongsToType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BelongsToType {
    /// A group: its members read the file.
    Group,
    /// A user: the content key is wrapped for that user's public key.
    User,
    /// Nobody else: the content key is wrapped for the creator.
    None,
}

/// `POST /api/v1/file` (for a user) or `POST /api/v1/group/{id}/file`: register a file before
/// its parts are uploaded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRegisterRequest {
    /// The content key, wrapped under a group generation or for a user's public key; its id is
    /// the file's id.
    pub wrapped_key: WrappedKey,
    /// Whom the file belongs to.
    pub belongs_to_type: BelongsToType,
    /// The group or user id (`None` for [`BelongsToType::None`]).
    #[serde(default)]
    pub belongs_to: Option<String>,
    /// The file's name, encrypted under the content key (`sentc_core::file::encrypt_file_name`).
    #[serde(default)]
    pub encrypted_file_name: Option<String>,
}

/// A registered file and its upload session.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileRegisterResponse {
    /// The file's id (its content key's id).
    pub file_id: KeyId,
    /// The upload session the parts are sent to.
    pub session_id: String,
    /// When the session expires (ms since the Unix epoch); each part extends it.
    pub expires_at: i64,
}

/// `POST /api/v1/file/part/{session_id}/{sequence}/{end}`: one encrypted part was stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FilePartResponse {
    /// The part's id: the name an app's own storage keeps it under (and readers ask it for).
    pub part_id: String,
    /// The part's sequence number (0-based).
    pub sequence: i64,
    /// Whether this part ended the upload.
    pub end: bool,
}

/// One part of a file's part list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilePartListItem {
    /// The part's id (for the app's own storage: the name to store it under).
    pub part_id: String,
    /// Its place in the file (0-based).
    pub sequence: i64,
    /// Its size in bytes (encrypted).
    pub size: i64,
    /// Whether the part lives in the app's own storage rather than the server's.
    pub extern_storage: bool,
}

/// `GET /api/v1/file/{file_id}`: a file's metadata with the first page of its parts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileMetaResponse {
    /// The file's id.
    pub file_id: KeyId,
    /// The key that wraps the content key (a group generation or a user's public key).
    pub master_key_id: KeyId,
    /// The content key, wrapped.
    pub wrapped_key: WrappedKey,
    /// Whom the file belongs to.
    pub belongs_to_type: BelongsToType,
    /// The group or user id.
    pub belongs_to: Option<String>,
    /// The user who created the file.
    pub owner: String,
    /// The encrypted name.
    pub encrypted_file_name: Option<String>,
    /// Whether the last part was uploaded.
    pub complete: bool,
    /// When the file was registered.
    pub created_at: i64,
    /// The first [`PARTS_PAGE`] parts in order; more with
    /// `GET /api/v1/file/{file_id}/part_fetch/{last_sequence}`.
    pub part_list: Vec<FilePartListItem>,
}

/// `PUT /api/v1/file/{file_id}`: a new encrypted name (`None` removes it).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileNameRequest {
    /// The name, encrypted under the content key.
    #[serde(default)]
    pub encrypted_file_name: Option<String>,
}

/// `PUT /api/v1/file/options` (secret token): the app's file options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStorageMode {
    /// Files are disabled.
    None,
    /// Parts are stored by this server.
    Server,
    /// Parts are stored by the app's own storage; its backend registers each part with the
    /// secret token and removes the parts the server lists as deleted.
    Own,
}

/// The app's file options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileOptions {
    /// Where parts are stored.
    pub storage: FileStorageMode,
    /// The most bytes the app's files may take (`None`: no limit).
    #[serde(default)]
    pub quota_bytes: Option<i64>,
}

/// `GET /api/v1/file/options` (secret token): the app's options and usage.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileOptionsResponse {
    /// The options.
    pub options: FileOptions,
    /// Bytes the app's stored parts take.
    pub used_bytes: i64,
}

/// `GET /api/v1/file/deleted_parts` (secret token): parts of deleted files in the app's own
/// storage, for its backend to remove, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeletedPartsResponse {
    /// The part ids.
    pub part_ids: Vec<String>,
}

/// `POST /api/v1/file/deleted_parts` (secret token): parts the app's backend removed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeletedPartsDone {
    /// The part ids removed.
    pub part_ids: Vec<String>,
}

/// `PATCH /api/v1/group/{id}/file_rank` (ranks 0-1): the highest rank (0-4) that may create
/// files in the group; 4, every member, unless set.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupFileRankRequest {
    /// The rank.
    pub rank: i64,
}
