//! `SymKey`: a handle to a symmetric key of a group (registered on the server or wrapped by
//! the app). The key bytes never reach JS.

use sentc_core::crypto::SymmetricKey;
use wasm_bindgen::prelude::*;

use crate::error::{IntoJs, JsResult};

/// A symmetric key handle.
#[wasm_bindgen]
pub struct SymKey {
    key: SymmetricKey,
}

impl From<SymmetricKey> for SymKey {
    fn from(key: SymmetricKey) -> Self {
        Self { key }
    }
}

#[wasm_bindgen]
impl SymKey {
    /// The key's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.key.id().to_hex()
    }

    /// Encrypts bytes.
    pub fn encrypt(&self, data: &[u8]) -> JsResult<Vec<u8>> {
        self.key.encrypt(data).js()
    }

    /// Decrypts bytes made by `encrypt`.
    pub fn decrypt(&self, data: &[u8]) -> JsResult<Vec<u8>> {
        self.key.decrypt(data).js()
    }

    /// Encrypts a string (base64 result).
    #[wasm_bindgen(js_name = encryptString)]
    pub fn encrypt_string(&self, text: &str) -> JsResult<String> {
        self.key.encrypt_string(text).js()
    }

    /// Decrypts a string made by `encryptString`.
    #[wasm_bindgen(js_name = decryptString)]
    pub fn decrypt_string(&self, text: &str) -> JsResult<String> {
        self.key.decrypt_string(text).js()
    }
}
