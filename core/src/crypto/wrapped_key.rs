//! Wrapped keys: the secret part of a key encrypted under another key.
//!
//! A wrapped key is an encrypted item whose header marks the content as a key and names the
//! wrapped key's algorithm and id, so both are authenticated and readable without decrypting.

use std::fmt;

use zeroize::Zeroizing;

use super::encoding::{base64_decode, base64_encode};
use super::envelope::{self, Decryptor, Encryptor, Opening, Parsed, Sealing};
use super::header::{Content, Header};
use super::key_id::KeyId;
use super::secret_key::SecretKeyBytes;
use super::signature::{SignKey, VerifyKey};
use crate::error::{Error, ErrorCode, Result};

/// The largest wrapped key in bytes.
const MAX_WRAPPED_LEN: usize = 8 * 1024;

/// A key encrypted under another key (a symmetric key or a public key).
#[derive(Clone, PartialEq, Eq)]
pub struct WrappedKey {
    header: Header,
    bytes: Vec<u8>,
}

impl WrappedKey {
    /// Parses a wrapped key, checking that its header marks it as one.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self> {
        let header = Parsed::new(&bytes, MAX_WRAPPED_LEN)?.header;
        if !matches!(header.content, Content::Key { .. }) {
            return Err(Error::with_detail(
                ErrorCode::UnexpectedContent,
                "the item holds data, not a wrapped key",
            ));
        }
        Ok(Self { header, bytes })
    }

    /// Parses the base64 form.
    pub fn from_base64(text: &str) -> Result<Self> {
        Self::from_bytes(base64_decode(text, MAX_WRAPPED_LEN)?)
    }

    /// The binary form.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The base64 form.
    pub fn to_base64(&self) -> String {
        base64_encode(&self.bytes)
    }

    /// The authenticated header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The id of the wrapped key.
    pub fn key_id(&self) -> KeyId {
        match self.header.content {
            Content::Key { key_id, .. } => key_id,
            Content::Data => self.header.key_id,
        }
    }

    /// The id of the key that unwraps it.
    pub fn wrapping_key_id(&self) -> KeyId {
        self.header.key_id
    }

    /// Whether the wrapped key is signed, and by which key.
    pub fn signer_key_id(&self) -> Option<KeyId> {
        self.header.signer.map(|signer| signer.key_id)
    }
}

impl fmt::Debug for WrappedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WrappedKey")
            .field("key_id", &self.key_id())
            .field("wrapping_key_id", &self.wrapping_key_id())
            .finish_non_exhaustive()
    }
}

impl serde::Serialize for WrappedKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base64())
    }
}

impl<'de> serde::Deserialize<'de> for WrappedKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::from_base64(&text).map_err(serde::de::Error::custom)
    }
}

/// Wraps `key` under `wrapping_key`.
pub(crate) fn wrap<K: SecretKeyBytes>(
    wrapping_key: &impl Encryptor,
    key: &K,
    signer: Option<&SignKey>,
) -> Result<WrappedKey> {
    let content = Content::Key {
        algorithm: K::ALGORITHM,
        key_id: key.key_id(),
    };
    let secret = key.secret_bytes();
    let bytes = wrapping_key.seal(content, &secret, Sealing::signed(signer))?;
    WrappedKey::from_bytes(bytes)
}

/// Unwraps a key of type `K`, verifying the signature if `verify_key` is given.
pub(crate) fn unwrap<K: SecretKeyBytes, D: Decryptor>(
    unwrapping_key: &D,
    wrapped: &WrappedKey,
    verify_key: Option<&VerifyKey>,
) -> Result<K> {
    let (header, secret) = envelope::open(
        unwrapping_key,
        &wrapped.bytes,
        Opening::verified(verify_key),
        |item| match item.header.content {
            Content::Key { algorithm, .. } if algorithm == K::ALGORITHM => Ok(()),
            Content::Key { algorithm, .. } => Err(Error::with_detail(
                ErrorCode::KeyTypeMismatch,
                format!("the wrapped key is a {algorithm} key"),
            )),
            Content::Data => Err(ErrorCode::UnexpectedContent.into()),
        },
    )?;
    let secret = Zeroizing::new(secret);
    match header.content {
        Content::Key { key_id, .. } => K::from_secret_bytes(key_id, &secret),
        Content::Data => Err(ErrorCode::UnexpectedContent.into()),
    }
}
