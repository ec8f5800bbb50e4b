//! The JSON form of public keys (encryption public keys and verify keys), versioned:
//!
//! ```json
//! {"v":1,"alg":"x-wing","id":"<32 hex digits>","key":"<base64>"}
//! ```
//!
//! Importing recomputes the id from the key bytes and rejects a mismatch, so a key cannot be
//! presented under another key's id.

use serde::{Deserialize, Serialize};

use super::algorithm::Algorithm;
use super::encoding::{base64_decode, base64_encode, json_from_str, json_to_string};
use super::key_id::KeyId;
use super::public_key::PublicKey;
use super::signature::VerifyKey;
use crate::error::{Error, ErrorCode, Result};

const EXPORT_VERSION: u8 = 1;
const MAX_KEY_LEN: usize = 4096;
const MAX_JSON_LEN: usize = 8192;

/// Crate-private access to a public key's bytes.
pub(crate) trait PublicKeyBytes: Sized {
    const ALGORITHM: Algorithm;
    fn key_id(&self) -> KeyId;
    fn public_bytes(&self) -> &[u8];
    fn from_public_bytes(bytes: &[u8]) -> Result<Self>;
}

/// The JSON shape of an exported public key.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PublicKeyJson {
    v: u8,
    alg: String,
    id: String,
    key: String,
}

fn to_json_value<K: PublicKeyBytes>(key: &K) -> PublicKeyJson {
    PublicKeyJson {
        v: EXPORT_VERSION,
        alg: K::ALGORITHM.name().into(),
        id: key.key_id().to_hex(),
        key: base64_encode(key.public_bytes()),
    }
}

fn from_json_value<K: PublicKeyBytes>(json: PublicKeyJson) -> Result<K> {
    if json.v != EXPORT_VERSION {
        return Err(Error::with_detail(
            ErrorCode::UnsupportedVersion,
            format!("public key version {}", json.v),
        ));
    }
    if Algorithm::from_name(&json.alg)? != K::ALGORITHM {
        return Err(Error::with_detail(ErrorCode::KeyTypeMismatch, json.alg));
    }
    let claimed: KeyId = json.id.parse()?;
    let key = K::from_public_bytes(&base64_decode(&json.key, MAX_KEY_LEN)?)?;
    if key.key_id() != claimed {
        return Err(Error::for_key(ErrorCode::KeyIdMismatch, claimed));
    }
    Ok(key)
}

/// Implements the JSON export, import and serde for a public key type.
macro_rules! public_key_json {
    ($ty:ty) => {
        impl $ty {
            /// The versioned JSON form.
            pub fn to_json(&self) -> Result<String> {
                json_to_string(&to_json_value(self))
            }

            /// Parses the versioned JSON form, checking the id against the key.
            pub fn from_json(text: &str) -> Result<Self> {
                from_json_value(json_from_str(text, MAX_JSON_LEN)?)
            }
        }

        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                to_json_value(self).serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let json = PublicKeyJson::deserialize(deserializer)?;
                from_json_value(json).map_err(serde::de::Error::custom)
            }
        }
    };
}

public_key_json!(PublicKey);
public_key_json!(VerifyKey);

impl PublicKeyBytes for VerifyKey {
    const ALGORITHM: Algorithm = Algorithm::Ed25519MlDsa65;

    fn key_id(&self) -> KeyId {
        self.id()
    }

    fn public_bytes(&self) -> &[u8] {
        self.as_bytes()
    }

    fn from_public_bytes(bytes: &[u8]) -> Result<Self> {
        Self::from_bytes(bytes)
    }
}
