//! Password derivation: Argon2id, then HKDF-SHA-256 into a master-key-encryption key and an
//! authentication key.
//!
//! ```text
//! root  = Argon2id(password, salt, m, t, p) (32 bytes, version 0x13)
//! prk   = HKDF-Extract(salt = "sentc-password-v1", root)
//! mkek  = HKDF-Expand(prk, "master-key-encryption-key", 32)     encrypts the master key
//! id    = HKDF-Expand(prk, "master-key-encryption-key-id", 16)  its key id
//! auth  = HKDF-Expand(prk, "auth-key", 32)                      proves the password to the server
//! ```
//!
//! The server stores only `SHA-256("sentc-auth-key-hash-v1" || auth)` and compares in constant
//! time. The Argon2id parameters and salt are recorded with the user ([`PasswordParams`]) so
//! they can be raised later without breaking old users. A client refuses parameters below the
//! minimum, so a malicious server cannot make it derive with cheap settings (which would make
//! the auth key it sends cheap to brute-force), and above the maximum, so it cannot be made to
//! exhaust memory.

use std::fmt;

use argon2::{Argon2, Params, Version};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::encoding::{base64_decode, base64_encode};
use super::key_id::KeyId;
use super::random;
use super::secret_key::secret_array;
use super::symmetric::SymmetricKey;
use crate::error::{Error, ErrorCode, Result};

/// Length of a password salt.
pub const SALT_LEN: usize = 16;
/// Longest accepted password in bytes.
pub const MAX_PASSWORD_LEN: usize = 4096;
/// Default Argon2id memory in KiB (19 MiB, OWASP's recommendation).
pub const DEFAULT_M_COST: u32 = 19 * 1024;
/// Default Argon2id passes.
pub const DEFAULT_T_COST: u32 = 2;
/// Default Argon2id lanes.
pub const DEFAULT_P_COST: u32 = 1;

const MIN_M_COST: u32 = DEFAULT_M_COST;
const MAX_M_COST: u32 = 256 * 1024;
const MIN_T_COST: u32 = DEFAULT_T_COST;
const MAX_T_COST: u32 = 16;
const MAX_P_COST: u32 = 8;
const PARAMS_VERSION: u8 = 1;
const AUTH_KEY_LEN: usize = 32;

/// The password derivation algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasswordAlgorithm {
    /// Argon2id version 0x13.
    #[serde(rename = "argon2id")]
    Argon2id,
}

/// Argon2id parameters and salt, stored with the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordParams {
    /// Format version (1).
    pub v: u8,
    /// The algorithm.
    pub alg: PasswordAlgorithm,
    /// Memory in KiB.
    pub m_cost: u32,
    /// Passes.
    pub t_cost: u32,
    /// Lanes.
    pub p_cost: u32,
    /// The salt, base64.
    pub salt: String,
}

impl PasswordParams {
    /// The default parameters with a fresh random salt (for registration and password changes).
    pub fn generate() -> Result<Self> {
        Ok(Self::with_salt(random::array::<SALT_LEN>()?))
    }

    /// The default parameters with the given salt.
    pub fn with_salt(salt: [u8; SALT_LEN]) -> Self {
        Self {
            v: PARAMS_VERSION,
            alg: PasswordAlgorithm::Argon2id,
            m_cost: DEFAULT_M_COST,
            t_cost: DEFAULT_T_COST,
            p_cost: DEFAULT_P_COST,
            salt: base64_encode(&salt),
        }
    }

    /// Checks version, ranges and salt; returns the salt bytes.
    pub fn validate(&self) -> Result<[u8; SALT_LEN]> {
        if self.v != PARAMS_VERSION {
            return Err(Error::with_detail(
                ErrorCode::UnsupportedVersion,
                format!("password params version {}", self.v),
            ));
        }
        let in_range = (MIN_M_COST..=MAX_M_COST).contains(&self.m_cost)
            && (MIN_T_COST..=MAX_T_COST).contains(&self.t_cost)
            && (1..=MAX_P_COST).contains(&self.p_cost);
        if !in_range {
            return Err(Error::with_detail(
                ErrorCode::PasswordParamsOutOfRange,
                format!("m={} t={} p={}", self.m_cost, self.t_cost, self.p_cost),
            ));
        }
        let salt = base64_decode(&self.salt, SALT_LEN)?;
        <[u8; SALT_LEN]>::try_from(salt.as_slice())
            .map_err(|_| Error::with_detail(ErrorCode::MalformedInput, "salt length"))
    }
}

/// The keys derived from a password.
pub struct PasswordKeys {
    /// Encrypts the user's master key.
    pub master_key_encryption_key: SymmetricKey,
    /// Proves knowledge of the password to the server.
    pub auth_key: AuthKey,
}

impl fmt::Debug for PasswordKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordKeys").finish_non_exhaustive()
    }
}

/// Derives the keys of a password under the given parameters.
pub fn derive_password_keys(password: &str, params: &PasswordParams) -> Result<PasswordKeys> {
    if password.is_empty() {
        return Err(ErrorCode::PasswordEmpty.into());
    }
    if password.len() > MAX_PASSWORD_LEN {
        return Err(ErrorCode::PasswordTooLong.into());
    }
    let salt = params.validate()?;
    let argon_params = Params::new(params.m_cost, params.t_cost, params.p_cost, Some(32))
        .map_err(|_| Error::new(ErrorCode::PasswordParamsOutOfRange))?;
    let mut root = Zeroizing::new([0u8; 32]);
    Argon2::new(argon2::Algorithm::Argon2id, Version::V0x13, argon_params)
        .hash_password_into(password.as_bytes(), &salt, root.as_mut_slice())
        .map_err(|_| Error::new(ErrorCode::KeyDerivationFailed))?;

    let hkdf = Hkdf::<Sha256>::new(Some(b"sentc-password-v1"), root.as_slice());
    let expand = |info: &[u8], out: &mut [u8]| {
        hkdf.expand(info, out)
            .map_err(|_| Error::new(ErrorCode::KeyDerivationFailed))
    };
    let mut mkek = Zeroizing::new([0u8; 32]);
    expand(b"master-key-encryption-key", mkek.as_mut_slice())?;
    let mut mkek_id = [0u8; KeyId::LEN];
    expand(b"master-key-encryption-key-id", &mut mkek_id)?;
    let mut auth = Zeroizing::new([0u8; AUTH_KEY_LEN]);
    expand(b"auth-key", auth.as_mut_slice())?;

    Ok(PasswordKeys {
        master_key_encryption_key: SymmetricKey::from_parts(KeyId::from_bytes(mkek_id), mkek),
        auth_key: AuthKey(auth),
    })
}

/// The authentication key a client sends to log in. Secret: never log it.
#[derive(Clone)]
pub struct AuthKey(Zeroizing<[u8; AUTH_KEY_LEN]>);

impl AuthKey {
    /// The base64 form sent to the server.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(base64_encode(self.0.as_slice()))
    }

    /// Parses the base64 form (server side).
    pub fn from_base64(text: &str) -> Result<Self> {
        let bytes = Zeroizing::new(base64_decode(text, AUTH_KEY_LEN)?);
        secret_array(&bytes)
            .map(Self)
            .map_err(|_| Error::with_detail(ErrorCode::MalformedInput, "auth key length"))
    }

    /// The hash the server stores.
    pub fn hash(&self) -> HashedAuthKey {
        let digest = Sha256::new()
            .chain_update(b"sentc-auth-key-hash-v1")
            .chain_update(self.0.as_slice())
            .finalize();
        HashedAuthKey(digest.into())
    }
}

impl fmt::Debug for AuthKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthKey(<redacted>)")
    }
}

/// The hash of an authentication key, as the server stores it. No `PartialEq`: compare with
/// [`Self::verify`], in constant time.
#[derive(Clone)]
pub struct HashedAuthKey([u8; 32]);

impl HashedAuthKey {
    /// Whether `candidate` hashes to this value, compared in constant time.
    pub fn verify(&self, candidate: &AuthKey) -> bool {
        candidate.hash().0.ct_eq(&self.0).into()
    }

    /// The base64 form.
    pub fn to_base64(&self) -> String {
        base64_encode(&self.0)
    }

    /// Parses the base64 form.
    pub fn from_base64(text: &str) -> Result<Self> {
        let bytes = base64_decode(text, 32)?;
        <[u8; 32]>::try_from(bytes.as_slice())
            .map(Self)
            .map_err(|_| Error::with_detail(ErrorCode::MalformedInput, "hashed auth key length"))
    }
}

impl fmt::Debug for HashedAuthKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HashedAuthKey(..)")
    }
}
