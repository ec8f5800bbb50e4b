//! Files from a path or a host stream, with progress: the host's `ByteSource`, `ByteSink` and
//! `FileProgress` adapted to the core's `Read`, `Write` and `TransferProgress`, and the results
//! with sentc's names. The loops are the core's (`client::file_streams`).

use std::io::{Read, Write};
use std::sync::Arc;

use sentc_core::client::{FileCreated, FileDownload, FileMeta, TransferProgress};
use sentc_core::crypto::SymmetricKey;
use sentc_core::protocol::file::BelongsToType;

use crate::error::SentcError;
use crate::host::{AnyStore, AnyTransport};
use crate::sym_key::SymKey;

/// Told the bytes done after each part of an upload or download; return `false` to stop
/// (`10007 Cancelled`; an upload stays registered and incomplete).
#[uniffi::export(with_foreign)]
pub trait FileProgress: Send + Sync {
    /// `done` bytes are sent or written so far.
    fn on_progress(&self, done: u64) -> bool;
}

/// A stream the host reads a file from (an `InputStream`, a `FileHandle`, a Python file).
#[uniffi::export(with_foreign)]
pub trait ByteSource: Send + Sync {
    /// Up to `max` next bytes; empty at the end.
    fn read(&self, max: u32) -> Result<Vec<u8>, SentcError>;
}

/// A stream the host writes a downloaded file to.
#[uniffi::export(with_foreign)]
pub trait ByteSink: Send + Sync {
    /// Writes the next bytes.
    fn write(&self, data: Vec<u8>) -> Result<(), SentcError>;
}

/// sentc's `FileCreateOutput`.
#[derive(Debug, Clone, uniffi::Record)]
pub struct FileCreateOutput {
    /// The file's id.
    pub file_id: String,
    /// The key that wraps its content key.
    pub master_key_id: String,
    /// Its encrypted name.
    pub encrypted_file_name: Option<String>,
}

impl From<FileCreated> for FileCreateOutput {
    fn from(created: FileCreated) -> Self {
        Self {
            file_id: created.file_id.to_string(),
            master_key_id: created.master_key_id.to_string(),
            encrypted_file_name: created.encrypted_file_name,
        }
    }
}

/// sentc's `FileMetaInformation`: a file's metadata with its name decrypted.
#[derive(Debug, Clone, uniffi::Record)]
pub struct FileMetaInformation {
    /// The file's id.
    pub file_id: String,
    /// The key that wraps the content key.
    pub master_key_id: String,
    /// "group", "user" or "none".
    pub belongs_to_type: String,
    /// The group or user it belongs to.
    pub belongs_to: Option<String>,
    /// The user who created it.
    pub owner: String,
    /// The decrypted name.
    pub file_name: Option<String>,
    /// Whether its upload finished.
    pub complete: bool,
    /// When it was registered, ms.
    pub created_at: i64,
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

/// A downloaded file: its metadata, its content key and the bytes written.
#[derive(uniffi::Record)]
pub struct DownloadResult {
    /// The metadata.
    pub meta: FileMetaInformation,
    /// The content key (for `update_file_name`).
    pub key: Arc<SymKey>,
    /// The bytes written.
    pub size: u64,
}

/// A file's metadata and content key (sentc's `[FileMetaInformation, SymKey]`).
#[derive(uniffi::Record)]
pub struct FileMetaWithKey {
    /// The metadata.
    pub meta: FileMetaInformation,
    /// The content key.
    pub key: Arc<SymKey>,
}

/// The host's progress callback (none: keep going).
pub(crate) struct Progress(pub(crate) Option<Arc<dyn FileProgress>>);

impl TransferProgress for Progress {
    fn progress(&mut self, done: u64) -> bool {
        self.0.as_ref().is_none_or(|host| host.on_progress(done))
    }
}

/// A host's [`ByteSource`] as a reader.
pub(crate) struct SourceReader(pub(crate) Arc<dyn ByteSource>);

impl Read for SourceReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let max = u32::try_from(buf.len()).unwrap_or(u32::MAX);
        let bytes = self.0.read(max).map_err(std::io::Error::other)?;
        if bytes.len() > buf.len() {
            return Err(std::io::Error::other("the source returned more than asked"));
        }
        buf[..bytes.len()].copy_from_slice(&bytes);
        Ok(bytes.len())
    }
}

/// A host's [`ByteSink`] as a writer.
pub(crate) struct SinkWriter(pub(crate) Arc<dyn ByteSink>);

impl Write for SinkWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf.to_vec()).map_err(std::io::Error::other)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub(crate) async fn write_download(
    mut download: FileDownload<AnyTransport, AnyStore>,
    meta: &FileMeta,
    key: SymmetricKey,
    writer: &mut (impl Write + Send),
    mut progress: Progress,
) -> sentc_core::Result<DownloadResult> {
    let size = download.write_to(writer, &mut progress).await?;
    Ok(DownloadResult {
        meta: meta.into(),
        key: SymKey::new(key, meta.meta.master_key_id),
        size,
    })
}
