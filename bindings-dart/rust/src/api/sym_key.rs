//! `SymKey`: a symmetric key made for data (sentc's `SymKey`), registered on the server by id
//! or kept beside the data as a wrapped key.

use flutter_rust_bridge::frb;
use sentc_core::crypto::{KeyId, SymmetricKey, WrappedKey};

use crate::api::error::SentcError;
use crate::guard::guard;

/// A symmetric key for data (sentc's `SymKey`). Clone: the results that carry one hand Dart a
/// copy (zeroized when dropped, as every key).
#[frb(opaque)]
#[derive(Clone)]
pub struct SymKey {
    key: SymmetricKey,
    master_key_id: String,
}

/// sentc's `generateNonRegisteredKey` result: the key and its wrapped form to keep beside the
/// data (`getNonRegisteredKey` opens it again).
pub struct NonRegisteredKey {
    /// The key.
    pub key: SymKey,
    /// The wrapped key (base64).
    pub encrypted_key: String,
}

impl SymKey {
    /// The key with the id of the key that wraps it.
    #[frb(ignore)]
    pub fn from_core(key: SymmetricKey, master_key_id: KeyId) -> Self {
        Self {
            key,
            master_key_id: master_key_id.to_string(),
        }
    }

    /// The core's key.
    #[frb(ignore)]
    pub fn key(&self) -> &SymmetricKey {
        &self.key
    }

    /// The key's id.
    #[frb(sync, getter)]
    pub fn key_id(&self) -> String {
        self.key.id().to_string()
    }

    /// The id of the group or user key that wraps it.
    #[frb(sync, getter)]
    pub fn master_key_id(&self) -> String {
        self.master_key_id.clone()
    }

    /// sentc's `encrypt(data)`.
    #[frb(positional)]
    pub fn encrypt(&self, data: Vec<u8>) -> Result<Vec<u8>, SentcError> {
        guard(|| self.key.encrypt(&data))
    }

    /// sentc's `decrypt(data)`.
    #[frb(positional)]
    pub fn decrypt(&self, data: Vec<u8>) -> Result<Vec<u8>, SentcError> {
        guard(|| self.key.decrypt(&data))
    }

    /// sentc's `encryptString(data)` (base64).
    #[frb(positional)]
    pub fn encrypt_string(&self, data: String) -> Result<String, SentcError> {
        guard(|| self.key.encrypt_string(&data))
    }

    /// sentc's `decryptString(data)`.
    #[frb(positional)]
    pub fn decrypt_string(&self, data: String) -> Result<String, SentcError> {
        guard(|| self.key.decrypt_string(&data))
    }
}

impl NonRegisteredKey {
    /// The key and its wrapped form.
    #[frb(ignore)]
    pub fn from_core(key: SymmetricKey, wrapped: &WrappedKey) -> Self {
        Self {
            key: SymKey::from_core(key, wrapped.wrapping_key_id()),
            encrypted_key: wrapped.to_base64(),
        }
    }
}
