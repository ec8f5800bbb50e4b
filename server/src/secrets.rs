//! The server's secrets: the root key that encrypts secrets at rest (JWT signing keys, OTP
//! secrets), derived values (fake login salts, dev app tokens), and random tokens and ids.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sentc_core::crypto::{KeyId, SymmetricKey, base64_decode, base64_encode, hex_encode};
use sentc_core::{Error, ErrorCode, Result};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The root key: 32 bytes from the configuration (`--root-key`, `SENTC_ROOT_KEY`, base64).
#[derive(Clone)]
pub struct RootKey {
    bytes: Zeroizing<[u8; 32]>,
    key: SymmetricKey,
}

impl RootKey {
    /// Parses the base64 configuration value.
    pub fn from_base64(text: &str) -> Result<Self> {
        let bytes = Zeroizing::new(base64_decode(text.trim(), 32)?);
        let mut array = Zeroizing::new([0u8; 32]);
        if bytes.len() != 32 {
            return Err(Error::with_detail(
                ErrorCode::Config,
                "the root key must be 32 bytes",
            ));
        }
        array.copy_from_slice(&bytes);
        let id = KeyId::from_bytes(derive(&array, b"root-key-id"));
        Ok(Self {
            key: SymmetricKey::from_external_bytes(id, array.as_slice())?,
            bytes: array,
        })
    }

    /// A new random root key and its base64 form.
    pub fn generate() -> Result<(Self, Zeroizing<String>)> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut_slice()).map_err(|_| ErrorCode::RandomnessUnavailable)?;
        let text = Zeroizing::new(base64_encode(bytes.as_slice()));
        Ok((Self::from_base64(&text)?, text))
    }

    /// Encrypts a secret for storage (base64).
    pub fn seal(&self, secret: &[u8]) -> Result<String> {
        self.key.encrypt(secret).map(|item| base64_encode(&item))
    }

    /// Decrypts a secret sealed by [`Self::seal`].
    pub fn open(&self, sealed: &str) -> Result<Zeroizing<Vec<u8>>> {
        let item = base64_decode(sealed, 64 * 1024)?;
        self.key.decrypt(&item).map(Zeroizing::new)
    }

    /// A 32-byte value derived from the root key for `label`.
    pub fn derive(&self, label: &[u8]) -> [u8; 32] {
        derive(&self.bytes, label)
    }
}

impl fmt::Debug for RootKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RootKey(<redacted>)")
    }
}

fn derive<const N: usize>(key: &[u8; 32], label: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    if let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        mac.update(label);
        let digest = mac.finalize().into_bytes();
        for (byte, value) in out.iter_mut().zip(digest.iter()) {
            *byte = *value;
        }
    }
    out
}

/// A random id (32 hex digits).
pub fn new_id() -> Result<String> {
    KeyId::random().map(|id| id.to_hex())
}

/// A random bearer token with a readable prefix (`sentc_pk_`, `sentc_sk_`, `sentc_rt_`, ...).
pub fn new_token(prefix: &str) -> Result<Zeroizing<String>> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    getrandom::fill(bytes.as_mut_slice()).map_err(|_| ErrorCode::RandomnessUnavailable)?;
    Ok(Zeroizing::new(format!(
        "{prefix}{}",
        URL_SAFE_NO_PAD.encode(bytes.as_slice())
    )))
}

/// How tokens are stored: SHA-256, hex. Tokens are 256-bit random, so no salt or stretching
/// is needed; a database leak does not reveal a usable token.
pub fn hash_token(token: &str) -> String {
    hex_encode(&Sha256::digest(token.as_bytes()))
}

/// Writes a secret to a new file readable and writable by its owner only (mode 0600 on Unix),
/// so other users of the machine cannot read it. Fails if the file exists: an existing secret
/// is never overwritten.
pub fn write_secret_file(path: &std::path::Path, secret: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(secret)?;
    file.sync_all()
}

/// A job worker's id, the lease owner it writes: the process id, then a random id (the pid
/// tells an operator which process holds a lease; the random part keeps ids unique across
/// hosts and restarts).
pub fn worker_id() -> Result<String> {
    Ok(format!("{}-{}", std::process::id(), new_id()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn secret_files_are_private_to_their_owner() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = std::env::temp_dir().join(format!("sentc-secret-{}", new_id().unwrap()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("key");
        write_secret_file(&path, b"secret").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
        assert_eq!(std::fs::read(&path).unwrap(), b"secret");
        // An existing secret is not overwritten.
        assert!(write_secret_file(&path, b"other").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"secret");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
