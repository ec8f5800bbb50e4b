//! The download half of the file methods `Group` and `User` share: the core's loop into a
//! `Write` (a local file, memory), with the results Dart sees.

use sentc_core::client::{FileCreated, FileDownload, FileMeta};
use sentc_core::crypto::SymmetricKey;
use sentc_core::protocol::file::BelongsToType;

use crate::api::files::{FileCreateOutput, FileMetaInformation};
use crate::api::sym_key::SymKey;
use crate::host::{AnyStore, AnyTransport};
use crate::progress::DartProgress;

impl From<FileCreated> for FileCreateOutput {
    fn from(created: FileCreated) -> Self {
        Self {
            file_id: created.file_id.to_string(),
            master_key_id: created.master_key_id.to_string(),
            encrypted_file_name: created.encrypted_file_name,
        }
    }
}

impl From<&FileMeta> for FileMetaInformation {
    fn from(meta: &FileMeta) -> Self {
        let server = &meta.meta;
        Self {
            file_id: server.file_id.to_string(),
            master_key_id: server.master_key_id.to_string(),
            belongs_to_type: match server.belongs_to_type {
                BelongsToType::Group => "group",
                BelongsToType::User => "user",
                BelongsToType::None => "none",
            }
            .to_owned(),
            belongs_to: server.belongs_to.clone(),
            owner: server.owner.clone(),
            file_name: meta.file_name.clone(),
            complete: server.complete,
            created_at: server.created_at,
        }
    }
}

/// A file's metadata and content key, and what the download wrote.
pub(crate) struct Downloaded {
    pub(crate) meta: FileMetaInformation,
    pub(crate) key: SymKey,
    pub(crate) size: u64,
}

/// Downloads a file whose metadata and key were fetched into `writer`.
pub(crate) async fn download_into(
    mut download: FileDownload<AnyTransport, AnyStore>,
    (meta, key): (FileMeta, SymmetricKey),
    writer: &mut (impl std::io::Write + Send),
    mut progress: DartProgress,
) -> sentc_core::Result<Downloaded> {
    let size = download.write_to(writer, &mut progress).await;
    progress.finish().await;
    Ok(Downloaded {
        meta: (&meta).into(),
        key: SymKey::from_core(key, meta.meta.master_key_id),
        size: size?,
    })
}
