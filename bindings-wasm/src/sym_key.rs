//! `SymKey`: a handle to a symmetric key of a group or made for a user (registered on the
//! server or wrapped by the app), and the `User` methods that make and open one. The key bytes
//! never reach JS.

use sentc_core::crypto::{KeyId, SymmetricKey, VerifyKey, WrappedKey};
use wasm_bindgen::prelude::*;

use crate::error::{IntoJs, JsResult};
use crate::promise::promise;
use crate::user::User;

/// A key id from JS.
pub fn key_id(id: &str) -> JsResult<KeyId> {
    id.parse().js()
}

/// A wrapped key from JS (base64).
pub fn wrapped_key(wrapped: &str) -> JsResult<WrappedKey> {
    WrappedKey::from_base64(wrapped).js()
}

/// A verify key from JS (the JSON `Sentc.getUserVerifyKey` gives).
pub fn parse_verify_key(text: &str) -> JsResult<VerifyKey> {
    VerifyKey::from_json(text).js()
}

/// The id of the verify key that signed a wrapped key (base64), if it is signed.
#[wasm_bindgen(js_name = signerKeyId)]
pub fn signer_key_id(wrapped: &str) -> JsResult<Option<String>> {
    Ok(wrapped_key(wrapped)?.signer_key_id().map(|id| id.to_hex()))
}

/// `[key, wrapped, masterKeyId]`: the key's handle, its wrapped form (base64) to keep beside
/// the data, and the id of the key it is wrapped by.
pub fn key_and_wrapped(key: SymmetricKey, wrapped: &WrappedKey) -> js_sys::Array {
    js_sys::Array::of3(
        &SymKey::from(key).into(),
        &wrapped.to_base64().into(),
        &wrapped.wrapping_key_id().to_hex().into(),
    )
}

/// A symmetric key handle.
#[wasm_bindgen]
pub struct SymKey {
    key: SymmetricKey,
}

impl SymKey {
    /// The key.
    pub(crate) fn key(&self) -> &SymmetricKey {
        &self.key
    }
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

#[wasm_bindgen]
impl User {
    /// A new symmetric key wrapped for user `reply_id`'s public key (key trust checked), not
    /// stored on the server: `[key, wrapped, publicKeyId]`; the reply user opens `wrapped` with
    /// `openKey`.
    #[wasm_bindgen(
        js_name = generateKeyFor,
        unchecked_return_type = "Promise<[SymKey, string, string]>"
    )]
    pub fn generate_key_for(&self, reply_id: String, sign: Option<bool>) -> js_sys::Promise {
        let user = self.core().clone();
        promise(async move {
            let sign = sign.unwrap_or(false);
            let (key, wrapped) = user.generate_key_with(&reply_id, sign).await.js()?;
            Ok(key_and_wrapped(key, &wrapped))
        })
    }

    /// Opens a key wrapped for one of this user's public keys; with a verify key (as
    /// `Sentc.getUserVerifyKey` gives it), its wrapping must be signed by that key.
    #[wasm_bindgen(js_name = openKey)]
    pub fn open_key(&self, wrapped: &str, verify_key: Option<String>) -> JsResult<SymKey> {
        let wrapped = wrapped_key(wrapped)?;
        let key = match verify_key {
            Some(verify_key) => self
                .core()
                .open_key_verified(&wrapped, &parse_verify_key(&verify_key)?),
            None => self.core().open_key(&wrapped),
        };
        Ok(SymKey::from(key.js()?))
    }

    /// Registers a wrapped key (from `Group.generateKey` or `generateKeyFor`) by its id.
    #[wasm_bindgen(js_name = registerWrappedKey, unchecked_return_type = "Promise<void>")]
    pub fn register_wrapped_key(&self, wrapped: String) -> js_sys::Promise {
        let user = self.core().clone();
        promise(async move {
            user.register_wrapped_key(wrapped_key(&wrapped)?)
                .await
                .js()?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// A registered key by id, still wrapped (base64): open it with the group's or this user's
    /// `openKey`.
    #[wasm_bindgen(js_name = fetchWrappedKey, unchecked_return_type = "Promise<string>")]
    pub fn fetch_wrapped_key(&self, key_id: String) -> js_sys::Promise {
        let user = self.core().clone();
        promise(async move {
            let wrapped = user.fetch_wrapped_key(self::key_id(&key_id)?).await.js()?;
            Ok(wrapped.to_base64())
        })
    }

    /// Deletes a registered key (its creator only).
    #[wasm_bindgen(js_name = deleteKey, unchecked_return_type = "Promise<void>")]
    pub fn delete_key(&self, key_id: String) -> js_sys::Promise {
        let user = self.core().clone();
        promise(async move {
            user.delete_key(self::key_id(&key_id)?).await.js()?;
            Ok(JsValue::UNDEFINED)
        })
    }
}
