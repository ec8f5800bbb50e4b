//! `SymKey`: a symmetric key made for data (sentc's `SymKey`), registered on the server by id
//! or kept beside the data as a wrapped key; and the parsing of the ids and wrapped keys the host
//! hands in.

use std::sync::Arc;

use sentc_core::crypto::{KeyId, SymmetricKey, WrappedKey};

use crate::error::{SentcError, guard};

/// A symmetric key for data. Get one from `register_key`, `fetch_key`,
/// `generate_non_registered_key` or `get_non_registered_key` of a `Group` or `User`.
#[derive(uniffi::Object)]
pub struct SymKey {
    key: SymmetricKey,
    master_key_id: String,
}

impl SymKey {
    pub(crate) fn new(key: SymmetricKey, master_key_id: KeyId) -> Arc<Self> {
        Arc::new(Self {
            key,
            master_key_id: master_key_id.to_string(),
        })
    }

    /// The key itself, for the file calls.
    pub(crate) fn key(&self) -> &SymmetricKey {
        &self.key
    }
}

/// A key not stored on the server and its wrapped form, to keep beside the data (sentc's
/// `[key, encryptedKey]`).
#[derive(uniffi::Record)]
pub struct NonRegisteredKey {
    /// The key.
    pub key: Arc<SymKey>,
    /// The key wrapped under the group's (or the user's) key, base64: store it with the data
    /// and open it with `get_non_registered_key`.
    pub encrypted_key: String,
}

impl NonRegisteredKey {
    pub(crate) fn new(key: SymmetricKey, wrapped: &WrappedKey) -> Self {
        Self {
            key: SymKey::new(key, wrapped.wrapping_key_id()),
            encrypted_key: wrapped.to_base64(),
        }
    }
}

#[uniffi::export]
impl SymKey {
    /// sentc's `key_id`: the key's id.
    pub fn key_id(&self) -> String {
        self.key.id().to_string()
    }

    /// sentc's `master_key_id`: the id of the key that wraps it.
    pub fn master_key_id(&self) -> String {
        self.master_key_id.clone()
    }

    /// sentc's `encrypt(data)`.
    pub fn encrypt(&self, data: Vec<u8>) -> Result<Vec<u8>, SentcError> {
        guard(|| self.key.encrypt(&data))
    }

    /// sentc's `decrypt(data)`.
    pub fn decrypt(&self, data: Vec<u8>) -> Result<Vec<u8>, SentcError> {
        guard(|| self.key.decrypt(&data))
    }

    /// sentc's `encryptString(data)` (base64).
    pub fn encrypt_string(&self, data: String) -> Result<String, SentcError> {
        guard(|| self.key.encrypt_string(&data))
    }

    /// sentc's `decryptString(data)`.
    pub fn decrypt_string(&self, data: String) -> Result<String, SentcError> {
        guard(|| self.key.decrypt_string(&data))
    }
}

/// A key id from the host (`1001 MalformedInput` if it is not one).
pub(crate) fn key_id(text: &str) -> sentc_core::Result<KeyId> {
    text.parse()
}

/// A wrapped key from the host, base64.
pub(crate) fn wrapped_key(text: &str) -> sentc_core::Result<WrappedKey> {
    WrappedKey::from_base64(text)
}
