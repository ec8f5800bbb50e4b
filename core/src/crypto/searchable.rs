//! Searchable hashes: HMAC-SHA-256 over normalised terms with a per-group key.
//!
//! A value is normalised (trimmed, lowercased) and hashed as
//! `HMAC-SHA-256(key, "sentc-search-v1" || 0x00 || value)`, shown as hex. For prefix search,
//! every prefix (by character) of the value is hashed too; a query is the hash of the term.
//! The server stores and compares hashes only.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::algorithm::Algorithm;
use super::encoding::hex_encode;
use super::key_id::KeyId;
use super::random;
use super::secret_key::{SecretKeyBytes, secret_array};
use crate::error::{Error, ErrorCode, Result};

/// Longest value (in characters) that is hashed with all its prefixes.
pub const MAX_PREFIX_VALUE_CHARS: usize = 200;
/// Longest value (in bytes) for a full-value hash.
pub const MAX_VALUE_LEN: usize = 64 * 1024;

const LABEL: &[u8] = b"sentc-search-v1\0";

/// A key for searchable hashes.
#[derive(Clone)]
pub struct HmacKey {
    id: KeyId,
    key: Zeroizing<[u8; 32]>,
}

impl HmacKey {
    /// The algorithm of HMAC keys.
    pub const ALGORITHM: Algorithm = Algorithm::HmacSha256;

    /// A new random key with a random id.
    pub fn generate() -> Result<Self> {
        Ok(Self {
            id: KeyId::random()?,
            key: random::secret()?,
        })
    }

    /// The key's id.
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// The hash of the whole value; also the query for a search term.
    pub fn hash_value(&self, value: &str) -> Result<String> {
        if value.len() > MAX_VALUE_LEN {
            return Err(Error::with_detail(
                ErrorCode::InputTooLarge,
                "searchable value",
            ));
        }
        let normalized = normalize(value)?;
        Ok(self.hash_normalized(&normalized))
    }

    /// The hashes of every prefix of the value (by character), shortest first; the last is the
    /// hash of the whole value.
    pub fn hash_prefixes(&self, value: &str) -> Result<Vec<String>> {
        if value.chars().count() > MAX_PREFIX_VALUE_CHARS * 4 {
            return Err(Error::with_detail(
                ErrorCode::InputTooLarge,
                "searchable value",
            ));
        }
        let normalized = normalize(value)?;
        if normalized.chars().count() > MAX_PREFIX_VALUE_CHARS {
            return Err(Error::with_detail(
                ErrorCode::InputTooLarge,
                "searchable value",
            ));
        }
        Ok(normalized
            .char_indices()
            .map(|(start, ch)| start.saturating_add(ch.len_utf8()))
            .filter_map(|end| normalized.get(..end))
            .map(|prefix| self.hash_normalized(prefix))
            .collect())
    }

    fn hash_normalized(&self, value: &str) -> String {
        // `new_from_slice` accepts keys of any length; 32 bytes cannot fail.
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(self.key.as_slice()) else {
            return String::new();
        };
        mac.update(LABEL);
        mac.update(value.as_bytes());
        hex_encode(&mac.finalize().into_bytes())
    }
}

/// Trims and lowercases a value; an empty result is an error.
fn normalize(value: &str) -> Result<String> {
    let normalized = value.trim().to_lowercase();
    if normalized.is_empty() {
        return Err(Error::with_detail(
            ErrorCode::EmptyInput,
            "searchable value",
        ));
    }
    Ok(normalized)
}

impl SecretKeyBytes for HmacKey {
    const ALGORITHM: Algorithm = Algorithm::HmacSha256;

    fn key_id(&self) -> KeyId {
        self.id
    }

    fn secret_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.key.to_vec())
    }

    fn from_secret_bytes(key_id: KeyId, bytes: &[u8]) -> Result<Self> {
        Ok(Self {
            id: key_id,
            key: secret_array(bytes)?,
        })
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacKey")
            .field("id", &self.id)
            .field("key", &"<redacted>")
            .finish()
    }
}
