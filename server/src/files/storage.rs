//! Where the encrypted parts of files live, through `object_store`: a directory on the local
//! filesystem (the default: embedded, nothing to set up) or an S3-compatible bucket for
//! deployments with several server processes. Parts are stored under `files/<file id>/<index>`;
//! the file id is checked to be 32 hex digits first, so no id can reach outside its prefix.

use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use sentc_core::crypto::KeyId;
use sentc_core::{Error, ErrorCode};

/// Where the parts go.
#[derive(Clone, Debug)]
pub enum StorageConfig {
    /// A directory (created if missing).
    Local(PathBuf),
    /// An S3-compatible bucket.
    S3(S3Config),
}

impl StorageConfig {
    /// A new directory under the system's temporary directory, for embedded servers (the
    /// quickstart, examples, tests) whose files need not outlive the process.
    pub fn temporary() -> Result<Self, Error> {
        let name = format!("sentc-files-{}", KeyId::random()?.to_hex());
        Ok(Self::Local(std::env::temp_dir().join(name)))
    }
}

/// An S3-compatible bucket.
#[derive(Clone)]
pub struct S3Config {
    /// The endpoint, e.g. `https://s3.eu-central-1.amazonaws.com` or a MinIO address.
    pub endpoint: String,
    /// The bucket (it must exist).
    pub bucket: String,
    /// The region.
    pub region: String,
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
}

// The secret access key stays out of logs.
impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

/// The file storage. Cheap to clone.
#[derive(Clone, Debug)]
pub struct FileStorage {
    store: Arc<dyn ObjectStore>,
    /// The directory of a local storage: a deleted file's empty directory is removed too.
    local_root: Option<std::path::PathBuf>,
}

fn failed(error: object_store::Error) -> Error {
    match error {
        object_store::Error::NotFound { .. } => ErrorCode::FilePartNotFound.into(),
        other => Error::with_detail(ErrorCode::StorageFailed, other.to_string()),
    }
}

/// The prefix of a file's parts; the id must be a file id (32 hex digits).
fn file_prefix(file_id: &str) -> Result<Path, Error> {
    let id: KeyId = file_id.parse()?;
    Ok(Path::from_iter(["files", id.to_hex().as_str()]))
}

fn part_path(file_id: &str, index: u32) -> Result<Path, Error> {
    // Zero-padded so a listing is in index order.
    Ok(file_prefix(file_id)?.join(format!("{index:010}")))
}

impl FileStorage {
    /// Opens the storage `config` names.
    pub fn open(config: &StorageConfig) -> Result<Self, Error> {
        let local_root = match config {
            StorageConfig::Local(dir) => Some(dir.clone()),
            StorageConfig::S3(_) => None,
        };
        let store: Arc<dyn ObjectStore> = match config {
            StorageConfig::Local(dir) => {
                std::fs::create_dir_all(dir).map_err(|error| {
                    Error::with_detail(
                        ErrorCode::Config,
                        format!("file storage directory: {error}"),
                    )
                })?;
                Arc::new(
                    object_store::local::LocalFileSystem::new_with_prefix(dir).map_err(failed)?,
                )
            }
            StorageConfig::S3(s3) => {
                // reqwest runs rustls without a built-in provider: ring, as everywhere in the
                // server. Installing fails only when a provider is already installed.
                let _ = rustls::crypto::ring::default_provider().install_default();
                let builder = object_store::aws::AmazonS3Builder::new()
                    .with_endpoint(&s3.endpoint)
                    .with_allow_http(s3.endpoint.starts_with("http://"))
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_access_key_id(&s3.access_key_id)
                    .with_secret_access_key(&s3.secret_access_key);
                Arc::new(builder.build().map_err(failed)?)
            }
        };
        Ok(Self { store, local_root })
    }

    /// Stores part `index` of a file, replacing a part sent before (an upload that resumes).
    pub async fn put_part(&self, file_id: &str, index: u32, bytes: Bytes) -> Result<(), Error> {
        self.store
            .put(&part_path(file_id, index)?, PutPayload::from_bytes(bytes))
            .await
            .map(drop)
            .map_err(failed)
    }

    /// Part `index` of a file; `7005 FilePartNotFound` if it is not there.
    pub async fn get_part(&self, file_id: &str, index: u32) -> Result<Bytes, Error> {
        let found = self
            .store
            .get(&part_path(file_id, index)?)
            .await
            .map_err(failed)?;
        found.bytes().await.map_err(failed)
    }

    /// Deletes every part of a file; how many there were.
    pub async fn delete_file(&self, file_id: &str) -> Result<usize, Error> {
        let prefix = file_prefix(file_id)?;
        let mut parts = self.store.list(Some(&prefix));
        let mut deleted = 0usize;
        while let Some(meta) = parts.next().await {
            let meta = meta.map_err(failed)?;
            match self.store.delete(&meta.location).await {
                // Deleted meanwhile by another server process: the outcome is the same.
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {
                    deleted = deleted.saturating_add(1);
                }
                Err(other) => return Err(failed(other)),
            }
        }
        if let Some(root) = &self.local_root {
            // Only an empty directory goes; one another process wrote into meanwhile stays
            // (and is purged with its file).
            let _ = tokio::fs::remove_dir(root.join(prefix.as_ref())).await;
        }
        Ok(deleted)
    }
}
