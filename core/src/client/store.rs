//! The host's storage for client state (the logged-in user's session and keys).

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;

use zeroize::Zeroizing;

use super::maybe_send::{MaybeSend, MaybeSync};
use crate::error::{Error, ErrorCode, Result};

/// Key-value storage for client state. Values hold key material; an implementation should
/// encrypt them at rest where the platform allows (the browser binding uses a non-extractable
/// WebCrypto key).
pub trait Store: MaybeSend + MaybeSync + 'static {
    /// The value under `key`.
    fn get(&self, key: &str)
    -> impl Future<Output = Result<Option<Zeroizing<String>>>> + MaybeSend;
    /// Stores `value` under `key`.
    fn set(&self, key: &str, value: &str) -> impl Future<Output = Result<()>> + MaybeSend;
    /// Removes `key`.
    fn delete(&self, key: &str) -> impl Future<Output = Result<()>> + MaybeSend;
}

/// A store in memory, for tests and for apps that keep no state across restarts.
#[derive(Debug, Default)]
pub struct MemoryStore {
    values: Mutex<HashMap<String, Zeroizing<String>>>,
}

impl MemoryStore {
    fn locked<R>(&self, f: impl FnOnce(&mut HashMap<String, Zeroizing<String>>) -> R) -> Result<R> {
        let mut values = self
            .values
            .lock()
            .map_err(|_| Error::with_detail(ErrorCode::StoreFailed, "poisoned"))?;
        Ok(f(&mut values))
    }
}

impl Store for MemoryStore {
    async fn get(&self, key: &str) -> Result<Option<Zeroizing<String>>> {
        self.locked(|values| values.get(key).cloned())
    }

    async fn set(&self, key: &str, value: &str) -> Result<()> {
        self.locked(|values| {
            values.insert(key.to_string(), Zeroizing::new(value.to_string()));
        })
    }

    async fn delete(&self, key: &str) -> Result<()> {
        self.locked(|values| {
            values.remove(key);
        })
    }
}
