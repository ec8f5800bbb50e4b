//! Files: what an upload and a download return, with sentc's names. The methods are on `Group`
//! and `User` (`createFile`, `createFileWithBytes`, `downloadFile`, `downloadFileBytes`, ...); the
//! loops are the core's.

use std::sync::Arc;

use flutter_rust_bridge::{DartFnFuture, frb};

use crate::api::sym_key::SymKey;
use crate::callback::DartFn;

/// A transfer's progress: the Dart function gets the bytes done after each part and answers
/// whether to go on (`false` cancels: `10007 Cancelled`).
#[frb(opaque)]
pub struct FileProgress {
    pub(crate) report: DartFn<u64, bool>,
}

impl FileProgress {
    /// Reports to `report`.
    #[frb(sync)]
    pub fn dart(
        report: impl Fn(u64) -> DartFnFuture<bool> + Send + Sync + 'static,
    ) -> FileProgress {
        Self {
            report: Arc::new(report),
        }
    }
}

/// sentc's `FileCreateOutput`.
#[derive(Debug, Clone)]
pub struct FileCreateOutput {
    /// The new file's id.
    pub file_id: String,
    /// The id of the group or user key its content key is wrapped with.
    pub master_key_id: String,
    /// The file name, encrypted with the content key (if one was given).
    pub encrypted_file_name: Option<String>,
}

/// sentc's `FileMetaInformation`: a file's metadata, the name decrypted.
#[derive(Debug, Clone)]
pub struct FileMetaInformation {
    /// The file's id.
    pub file_id: String,
    /// The id of the key its content key is wrapped with.
    pub master_key_id: String,
    /// "group", "user" or "none".
    pub belongs_to_type: String,
    /// The group or user it belongs to.
    pub belongs_to: Option<String>,
    /// The user who uploaded it.
    pub owner: String,
    /// The decrypted file name.
    pub file_name: Option<String>,
    /// Whether every part was uploaded.
    pub complete: bool,
    /// When it was created (ms since the epoch).
    pub created_at: i64,
}

/// A download into a file: the metadata, the content key and the bytes written.
pub struct DownloadResult {
    /// The metadata.
    pub meta: FileMetaInformation,
    /// The content key (for `updateFileName`).
    pub key: SymKey,
    /// The bytes written.
    pub size: u64,
}

/// A download into memory (the web has no files): the metadata, the content key and the data.
pub struct DownloadBytesResult {
    /// The metadata.
    pub meta: FileMetaInformation,
    /// The content key (for `updateFileName`).
    pub key: SymKey,
    /// The decrypted file.
    pub data: Vec<u8>,
}

/// sentc's `downloadFileMetaInfo` result: the metadata and the content key.
pub struct FileMetaWithKey {
    /// The metadata.
    pub meta: FileMetaInformation,
    /// The content key.
    pub key: SymKey,
}
