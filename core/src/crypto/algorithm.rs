//! Algorithm identifiers carried by every key, ciphertext and signature.
//!
//! Each identifier has a byte (used in binary headers) and a name (used in JSON). Both are part
//! of the wire format and never change meaning; a new suite gets a new identifier, so data made
//! with an old suite keeps decrypting after keys are rotated to a new one.

use std::fmt;

use crate::error::{Error, ErrorCode, Result};

/// A cryptographic algorithm (suite) of sentc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// Symmetric: XChaCha20-Poly1305 with 256-bit keys and random 192-bit nonces.
    XChaCha20Poly1305,
    /// Public-key encryption: the X-Wing KEM (X25519 + ML-KEM-768), HKDF-SHA-256,
    /// then XChaCha20-Poly1305.
    XWing,
    /// Hybrid signature: Ed25519 and ML-DSA-65; valid only if both verify.
    Ed25519MlDsa65,
    /// Searchable hashes: HMAC-SHA-256.
    HmacSha256,
}

/// What a key of an algorithm is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// A symmetric encryption key.
    Symmetric,
    /// A public/private key pair for encryption.
    Encryption,
    /// A signing/verifying key pair.
    Signature,
    /// A keyed hash for searchable values.
    Hmac,
}

impl Algorithm {
    /// Every algorithm this build knows.
    pub const ALL: [Algorithm; 4] = [
        Self::XChaCha20Poly1305,
        Self::XWing,
        Self::Ed25519MlDsa65,
        Self::HmacSha256,
    ];

    /// The byte identifying the algorithm in binary formats.
    pub const fn to_byte(self) -> u8 {
        match self {
            Self::XChaCha20Poly1305 => 0x01,
            Self::XWing => 0x11,
            Self::Ed25519MlDsa65 => 0x21,
            Self::HmacSha256 => 0x31,
        }
    }

    /// The algorithm with the given byte.
    pub fn from_byte(byte: u8) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|alg| alg.to_byte() == byte)
            .ok_or_else(|| Error::with_detail(ErrorCode::UnknownAlgorithm, format!("0x{byte:02x}")))
    }

    /// The name identifying the algorithm in JSON.
    pub const fn name(self) -> &'static str {
        match self {
            Self::XChaCha20Poly1305 => "xchacha20-poly1305",
            Self::XWing => "x-wing",
            Self::Ed25519MlDsa65 => "ed25519-ml-dsa-65",
            Self::HmacSha256 => "hmac-sha256",
        }
    }

    /// The algorithm with the given name.
    pub fn from_name(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|alg| alg.name() == name)
            .ok_or_else(|| {
                let shown: String = name.chars().take(40).collect();
                Error::with_detail(ErrorCode::UnknownAlgorithm, shown)
            })
    }

    /// What keys of this algorithm are for.
    pub const fn kind(self) -> KeyKind {
        match self {
            Self::XChaCha20Poly1305 => KeyKind::Symmetric,
            Self::XWing => KeyKind::Encryption,
            Self::Ed25519MlDsa65 => KeyKind::Signature,
            Self::HmacSha256 => KeyKind::Hmac,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Algorithm {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Algorithm {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::from_name(&name).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_and_names_round_trip() {
        for alg in Algorithm::ALL {
            assert_eq!(Algorithm::from_byte(alg.to_byte()).unwrap(), alg);
            assert_eq!(Algorithm::from_name(alg.name()).unwrap(), alg);
        }
        assert_eq!(
            Algorithm::from_byte(0xee).unwrap_err().code(),
            ErrorCode::UnknownAlgorithm
        );
        assert_eq!(
            Algorithm::from_name("aes").unwrap_err().code(),
            ErrorCode::UnknownAlgorithm
        );
    }
}
