//! Test-only exports (feature `test-exports`, never in an app's build): a function that panics,
//! to show a panic becomes `9002 Internal` and the process lives, and [`VectorKey`] with two
//! functions over the keys of tests/vectors imported from their JSON, so that the tests
//! replay the known answers (symmetric, public-key and signed items, signatures, safety
//! numbers, searchable and sortable) through the same conversions an app's data takes.

use sentc_core::crypto::{
    PrivateKey, SearchKey, SecretKey, Signature, SortableKey, SymmetricKey, VerifyKey,
};

use crate::api::error::SentcError;
use crate::guard::guard;

/// Panics inside the SDK, caught at the boundary.
#[allow(clippy::panic)]
pub fn test_panic() -> Result<(), SentcError> {
    guard(|| panic!("a test panic"))
}

/// A key of the known-answer vectors: a symmetric (generation) key or a private key.
pub struct VectorKey {
    symmetric: Option<SymmetricKey>,
    private: Option<PrivateKey>,
}

fn missing() -> sentc_core::Error {
    sentc_core::Error::with_detail(
        sentc_core::ErrorCode::KeyTypeMismatch,
        "another kind of key",
    )
}

impl VectorKey {
    /// A symmetric key from its exported JSON (`{"v":1,"alg":…,"id":…,"secret":…}`).
    pub fn symmetric(json: String) -> Result<Self, SentcError> {
        let key = guard(|| SymmetricKey::import_local(&json))?;
        Ok(Self {
            symmetric: Some(key),
            private: None,
        })
    }

    /// A private key from its exported JSON.
    pub fn private(json: String) -> Result<Self, SentcError> {
        let key = guard(|| PrivateKey::import_local(&json))?;
        Ok(Self {
            symmetric: None,
            private: Some(key),
        })
    }

    /// Decrypts an item; with `context`, one bound to it.
    pub fn decrypt(&self, item: Vec<u8>, context: Option<String>) -> Result<Vec<u8>, SentcError> {
        guard(|| match (&self.symmetric, &self.private, context) {
            (Some(key), _, Some(context)) => {
                key.decrypt_with_context(&item, context.as_bytes(), None)
            }
            (Some(key), _, None) => key.decrypt(&item),
            (None, Some(key), None) => key.decrypt(&item),
            _ => Err(missing()),
        })
    }

    /// Decrypts an item that `verify_key` (its exported JSON) must have signed.
    pub fn decrypt_verified(
        &self,
        item: Vec<u8>,
        verify_key: String,
    ) -> Result<Vec<u8>, SentcError> {
        guard(|| {
            let verify = VerifyKey::from_json(&verify_key)?;
            match (&self.symmetric, &self.private) {
                (Some(key), _) => key.decrypt_verified(&item, &verify),
                (None, Some(key)) => key.decrypt_verified(&item, &verify),
                (None, None) => Err(missing()),
            }
        })
    }

    /// The searchable hashes of `value` under this generation key's search key: the full
    /// value's (`full`) or its prefixes' (at most `limit`).
    pub fn search(
        &self,
        value: String,
        full: bool,
        limit: Option<u32>,
    ) -> Result<Vec<String>, SentcError> {
        guard(|| {
            let key = SearchKey::derive(self.symmetric.as_ref().ok_or_else(missing)?);
            if full {
                Ok(vec![key.hash(&value)?])
            } else {
                key.hash_prefixes(&value, limit.map(|limit| limit as usize))
            }
        })
    }

    /// The sortable number of `value` under this generation key's sortable key.
    pub fn sortable_number(&self, value: u64) -> Result<u64, SentcError> {
        guard(|| {
            SortableKey::derive(self.symmetric.as_ref().ok_or_else(missing)?).encrypt_number(value)
        })
    }

    /// The sortable number of a string.
    pub fn sortable_string(&self, value: String) -> Result<u64, SentcError> {
        guard(|| {
            SortableKey::derive(self.symmetric.as_ref().ok_or_else(missing)?).encrypt_string(&value)
        })
    }
}

/// Verifies a detached signature of `message` in `context` with a verify key (its JSON).
pub fn vector_verify(
    verify_key: String,
    message: Vec<u8>,
    context: Vec<u8>,
    signature: Vec<u8>,
) -> Result<(), SentcError> {
    guard(|| {
        let signature = Signature::from_bytes(&signature)?;
        VerifyKey::from_json(&verify_key)?.verify(&message, &context, &signature)
    })
}

/// The safety number of two users from their ids and verify keys (JSON).
pub fn vector_safety_number(
    a_user_id: String,
    a_verify_key: String,
    b_user_id: String,
    b_verify_key: String,
) -> Result<String, SentcError> {
    guard(|| {
        let a = VerifyKey::from_json(&a_verify_key)?;
        let b = VerifyKey::from_json(&b_verify_key)?;
        Ok(sentc_core::keys::safety_number(
            (&a_user_id, &a),
            (&b_user_id, &b),
        ))
    })
}
