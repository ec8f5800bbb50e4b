//! A [`Store`] in one local file, encrypted at rest under a key the host keeps elsewhere (the
//! Android Keystore, the iOS Keychain, a secret from the environment): the default store of the
//! native SDKs. The file holds one XChaCha20-Poly1305 item (context-bound to this use) over the
//! JSON map of values; every change rewrites it through a temporary file and a rename, so a
//! crash leaves the old or the new map, never half of one. A wrong key or a changed file is an
//! error (`3001 DecryptionFailed`), never an empty store. Not on wasm (no files).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use zeroize::Zeroizing;

use super::store::Store;
use crate::crypto::{KeyId, SymmetricKey};
use crate::error::{Error, ErrorCode, Result};

/// The context every store file is encrypted under.
const CONTEXT: &[u8] = b"sentc-file-store-v1";
/// The largest store file read (a session holds a few KB per key generation).
const MAX_FILE_LEN: u64 = 16 * 1024 * 1024;

type Values = BTreeMap<String, Zeroizing<String>>;

/// A store in an encrypted file.
pub struct EncryptedFileStore {
    path: PathBuf,
    key: SymmetricKey,
    values: Mutex<Values>,
}

impl std::fmt::Debug for EncryptedFileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncryptedFileStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn io_failed(what: &str, error: &std::io::Error) -> Error {
    Error::with_detail(ErrorCode::StoreFailed, format!("{what}: {}", error.kind()))
}

impl EncryptedFileStore {
    /// Opens (or, when missing, starts) the store at `path` with the 32-byte `key`. Keep the key
    /// out of the file's folder: whoever has both reads the session.
    pub fn open(path: impl Into<PathBuf>, key: &[u8]) -> Result<Self> {
        let path = path.into();
        let key = SymmetricKey::from_external_bytes(KeyId::from_bytes([0; 16]), key)?;
        let values = read_values(&path, &key)?;
        Ok(Self {
            path,
            key,
            values: Mutex::new(values),
        })
    }

    fn change(&self, change: impl FnOnce(&mut Values)) -> Result<()> {
        let mut values = self
            .values
            .lock()
            .map_err(|_| Error::with_detail(ErrorCode::StoreFailed, "poisoned"))?;
        let mut changed = values.clone();
        change(&mut changed);
        write_values(&self.path, &self.key, &changed)?;
        *values = changed;
        Ok(())
    }
}

fn read_values(path: &Path, key: &SymmetricKey) -> Result<Values> {
    let item = match std::fs::metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Values::new()),
        Err(error) => return Err(io_failed("read", &error)),
        Ok(meta) if meta.len() > MAX_FILE_LEN => {
            return Err(Error::with_detail(
                ErrorCode::StoreFailed,
                "the file is too large",
            ));
        }
        Ok(_) => std::fs::read(path).map_err(|error| io_failed("read", &error))?,
    };
    let json = Zeroizing::new(key.decrypt_with_context(&item, CONTEXT, None)?);
    serde_json::from_slice::<BTreeMap<String, String>>(&json)
        .map(|values| {
            values
                .into_iter()
                .map(|(name, value)| (name, Zeroizing::new(value)))
                .collect()
        })
        .map_err(|_| Error::with_detail(ErrorCode::StoreFailed, "not a store file"))
}

fn write_values(path: &Path, key: &SymmetricKey, values: &Values) -> Result<()> {
    let plain: BTreeMap<&str, &str> = values
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let json = Zeroizing::new(
        serde_json::to_vec(&plain)
            .map_err(|_| Error::with_detail(ErrorCode::StoreFailed, "encode"))?,
    );
    let item = key.encrypt_with_context(&json, CONTEXT, None)?;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    let mut file =
        std::fs::File::create(&temporary).map_err(|error| io_failed("create", &error))?;
    file.write_all(&item)
        .and_then(|()| file.sync_all())
        .map_err(|error| io_failed("write", &error))?;
    std::fs::rename(&temporary, path).map_err(|error| io_failed("rename", &error))
}

impl Store for EncryptedFileStore {
    async fn get(&self, key: &str) -> Result<Option<Zeroizing<String>>> {
        let values = self
            .values
            .lock()
            .map_err(|_| Error::with_detail(ErrorCode::StoreFailed, "poisoned"))?;
        Ok(values.get(key).cloned())
    }

    async fn set(&self, key: &str, value: &str) -> Result<()> {
        self.change(|values| {
            values.insert(key.to_string(), Zeroizing::new(value.to_string()));
        })
    }

    async fn delete(&self, key: &str) -> Result<()> {
        self.change(|values| {
            values.remove(key);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        let mut future = std::pin::pin!(future);
        loop {
            if let std::task::Poll::Ready(value) = future.as_mut().poll(&mut context) {
                return value;
            }
        }
    }

    fn folder() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sentc-store-{}", KeyId::random().unwrap()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn values_survive_reopening_and_are_not_in_the_file() {
        let path = folder().join("store");
        let store = EncryptedFileStore::open(&path, &[7; 32]).unwrap();
        block_on(store.set("sentc/user", "a secret session")).unwrap();
        block_on(store.set("sentc/other", "x")).unwrap();
        block_on(store.delete("sentc/other")).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.windows(6).any(|w| w == b"secret"));
        let again = EncryptedFileStore::open(&path, &[7; 32]).unwrap();
        assert_eq!(
            block_on(again.get("sentc/user"))
                .unwrap()
                .as_deref()
                .map(String::as_str),
            Some("a secret session")
        );
        assert_eq!(block_on(again.get("sentc/other")).unwrap(), None);
    }

    #[test]
    fn a_wrong_key_or_a_changed_file_is_an_error_not_an_empty_store() {
        let path = folder().join("store");
        let store = EncryptedFileStore::open(&path, &[7; 32]).unwrap();
        block_on(store.set("k", "v")).unwrap();
        let wrong = EncryptedFileStore::open(&path, &[8; 32]).unwrap_err();
        assert_eq!(wrong.code(), ErrorCode::DecryptionFailed);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let changed = EncryptedFileStore::open(&path, &[7; 32]).unwrap_err();
        assert_eq!(changed.code(), ErrorCode::DecryptionFailed);
        assert_eq!(
            EncryptedFileStore::open(&path, &[7; 31])
                .unwrap_err()
                .code(),
            ErrorCode::InvalidKey
        );
    }
}
