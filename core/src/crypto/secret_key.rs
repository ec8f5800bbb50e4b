//! The common shape of secret keys: wrapping by another key and explicit local export.
//!
//! Secret key bytes leave a key in two ways only: encrypted under another key
//! ([`super::WrappedKey`]), or through [`SecretKey::export_local`], an explicit call for the
//! client's own storage. The byte access itself is crate-private (a sealed supertrait).

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::algorithm::Algorithm;
use super::encoding::{base64_decode, base64_encode, json_from_str, json_to_string};
use super::key_id::KeyId;
use crate::error::{Error, ErrorCode, Result};

/// Version of the local export format.
const LOCAL_EXPORT_VERSION: u8 = 1;
/// The largest secret key in bytes.
const MAX_SECRET_LEN: usize = 64;
/// The largest local export text.
const MAX_EXPORT_LEN: usize = 1024;

/// Crate-private access to a key's secret bytes.
pub(crate) trait SecretKeyBytes: Sized {
    /// The algorithm of keys of this type.
    const ALGORITHM: Algorithm;
    /// The key's id.
    fn key_id(&self) -> KeyId;
    /// The secret bytes (a seed for key pairs).
    fn secret_bytes(&self) -> Zeroizing<Vec<u8>>;
    /// The key from its secret bytes; fails unless `key_id` is the key's id (sign keys check
    /// it when they first sign, see [`super::SignKey`]).
    fn from_secret_bytes(key_id: KeyId, bytes: &[u8]) -> Result<Self>;
}

/// A secret key: a symmetric key, a private key, a sign key or an HMAC key.
#[allow(private_bounds)]
pub trait SecretKey: SecretKeyBytes {
    /// Exports the key in clear for the client's own storage:
    /// `{"v":1,"alg":"…","id":"…","secret":"<base64>"}`. Store it encrypted where possible.
    fn export_local(&self) -> Result<Zeroizing<String>> {
        let secret = self.secret_bytes();
        let export = LocalExport {
            v: LOCAL_EXPORT_VERSION,
            alg: Self::ALGORITHM.name().into(),
            id: self.key_id().to_hex(),
            secret: base64_encode(&secret),
        };
        let text = json_to_string(&export).map(Zeroizing::new);
        drop(Zeroizing::new(export.secret));
        text
    }

    /// Imports a key exported by [`SecretKey::export_local`].
    fn import_local(text: &str) -> Result<Self> {
        let export: LocalExport = json_from_str(text, MAX_EXPORT_LEN)?;
        let secret = Zeroizing::new(export.secret);
        if export.v != LOCAL_EXPORT_VERSION {
            return Err(Error::with_detail(
                ErrorCode::UnsupportedVersion,
                format!("key export version {}", export.v),
            ));
        }
        if Algorithm::from_name(&export.alg)? != Self::ALGORITHM {
            return Err(Error::with_detail(ErrorCode::KeyTypeMismatch, export.alg));
        }
        let id: KeyId = export.id.parse()?;
        let bytes = Zeroizing::new(base64_decode(&secret, MAX_SECRET_LEN)?);
        Self::from_secret_bytes(id, &bytes)
    }
}

impl<K: SecretKeyBytes> SecretKey for K {}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocalExport {
    v: u8,
    alg: String,
    id: String,
    secret: String,
}

/// Copies exactly `N` secret bytes out of `bytes`.
pub(crate) fn secret_array<const N: usize>(bytes: &[u8]) -> Result<Zeroizing<[u8; N]>> {
    let mut out = Zeroizing::new([0u8; N]);
    if bytes.len() != N {
        return Err(Error::with_detail(
            ErrorCode::InvalidKey,
            "secret key length",
        ));
    }
    out.copy_from_slice(bytes);
    Ok(out)
}
