//! Key ids: 16-byte names for keys, carried in every header so the right key can be found.
//!
//! Ids of symmetric and HMAC keys are random. Ids of key pairs are derived from the public key
//! (a truncated SHA-256), so a public key cannot be presented under another key's id: importing
//! one recomputes its id and rejects a mismatch.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use super::algorithm::Algorithm;
use super::encoding::{hex_decode_array, hex_encode};
use super::random;
use crate::error::{Error, Result};

/// The id of a key. Shown and serialized as 32 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId([u8; KeyId::LEN]);

impl KeyId {
    /// Length of an id in bytes.
    pub const LEN: usize = 16;

    /// A fresh random id.
    pub fn random() -> Result<Self> {
        random::array().map(Self)
    }

    /// The id of a public key: `SHA-256("sentc-key-id-v1" || alg byte || public key)[..16]`.
    pub(crate) fn derive(algorithm: Algorithm, public_key: &[u8]) -> Self {
        let digest = Sha256::new()
            .chain_update(b"sentc-key-id-v1")
            .chain_update([algorithm.to_byte()])
            .chain_update(public_key)
            .finalize();
        let mut id = [0u8; Self::LEN];
        id.copy_from_slice(digest.get(..Self::LEN).unwrap_or(&[0u8; Self::LEN]));
        Self(id)
    }

    /// An id from its bytes.
    pub const fn from_bytes(bytes: [u8; Self::LEN]) -> Self {
        Self(bytes)
    }

    /// The id's bytes.
    pub const fn as_bytes(&self) -> &[u8; Self::LEN] {
        &self.0
    }

    /// The id as 32 hex digits.
    pub fn to_hex(&self) -> String {
        hex_encode(&self.0)
    }
}

impl FromStr for KeyId {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        hex_decode_array(text).map(Self)
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

impl serde::Serialize for KeyId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for KeyId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn hex_round_trip() {
        let id = KeyId::random().unwrap();
        assert_eq!(id.to_hex().len(), 32);
        assert_eq!(id.to_hex().parse::<KeyId>().unwrap(), id);
        assert_eq!(
            "xyz".parse::<KeyId>().unwrap_err().code(),
            ErrorCode::InvalidEncoding
        );
    }

    #[test]
    fn derived_ids_depend_on_algorithm_and_key() {
        let a = KeyId::derive(Algorithm::XWing, b"key");
        assert_eq!(a, KeyId::derive(Algorithm::XWing, b"key"));
        assert_ne!(a, KeyId::derive(Algorithm::Ed25519MlDsa65, b"key"));
        assert_ne!(a, KeyId::derive(Algorithm::XWing, b"kez"));
    }
}
