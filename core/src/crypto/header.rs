//! The authenticated header at the front of every encrypted item.
//!
//! ```text
//! offset size  field
//! 0      1     format version (1)
//! 1      1     encryption algorithm (0x01 XChaCha20-Poly1305, 0x11 X-Wing)
//! 2      1     flags: 0x01 content is a wrapped key, 0x02 signed, 0x04 bound to a caller's
//!              context; other bits must be 0
//! 3      16    id of the key that decrypts the item
//! [19    1+16  wrapped key: its algorithm and id]        if flag 0x01
//! [..    1+16  signer: signature algorithm and key id]   if flag 0x02
//! ```
//!
//! The encoded header is the AEAD associated data of the item and is covered by its signature,
//! so none of these fields can be changed without decryption failing. An item bound to a
//! caller's context (flag 0x04) has the context appended to the associated data and to the
//! signed message (`u16 length || context`); the context itself is not stored.

use super::algorithm::{Algorithm, KeyKind};
use super::encoding::Reader;
use super::key_id::KeyId;
use crate::error::{Error, ErrorCode, Result};

/// The current format version of encrypted items.
pub const FORMAT_VERSION: u8 = 1;

const FLAG_WRAPPED_KEY: u8 = 0x01;
const FLAG_SIGNED: u8 = 0x02;
const FLAG_CONTEXT: u8 = 0x04;
const KNOWN_FLAGS: u8 = FLAG_WRAPPED_KEY | FLAG_SIGNED | FLAG_CONTEXT;

/// What an encrypted item holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Application data.
    Data,
    /// The secret part of a key ("wrapped key").
    Key {
        /// The wrapped key's algorithm.
        algorithm: Algorithm,
        /// The wrapped key's id.
        key_id: KeyId,
    },
}

/// Who signed an encrypted item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signer {
    /// The signature algorithm.
    pub algorithm: Algorithm,
    /// The id of the signing key; verify with the verify key of this id.
    pub key_id: KeyId,
}

/// The parsed header of an encrypted item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The encryption algorithm.
    pub algorithm: Algorithm,
    /// The id of the key that decrypts the item (a symmetric key or a private key).
    pub key_id: KeyId,
    /// What the item holds.
    pub content: Content,
    /// The signer, if the item is signed.
    pub signer: Option<Signer>,
    /// Whether the item is bound to a caller's context (which decrypting needs again).
    pub context: bool,
}

impl Header {
    /// The largest encoded header.
    pub const MAX_LEN: usize = 3 + KeyId::LEN + 2 * (1 + KeyId::LEN);

    /// Reads the header at the front of an encrypted item without decrypting anything, e.g. to
    /// find the key an item needs.
    pub fn parse(item: &[u8]) -> Result<Self> {
        Self::read(&mut Reader::new(item))
    }

    pub(crate) fn read(reader: &mut Reader<'_>) -> Result<Self> {
        if reader.remaining() == 0 {
            return Err(ErrorCode::EmptyInput.into());
        }
        let version = reader.u8()?;
        if version != FORMAT_VERSION {
            return Err(Error::with_detail(
                ErrorCode::UnsupportedVersion,
                format!("encrypted item version {version}"),
            ));
        }
        let algorithm = Algorithm::from_byte(reader.u8()?)?;
        if !matches!(algorithm.kind(), KeyKind::Symmetric | KeyKind::Encryption) {
            return Err(Error::with_detail(
                ErrorCode::MalformedInput,
                "not an encryption algorithm",
            ));
        }
        let flags = reader.u8()?;
        if flags & !KNOWN_FLAGS != 0 {
            return Err(Error::with_detail(
                ErrorCode::MalformedInput,
                "unknown header flags",
            ));
        }
        let key_id = KeyId::from_bytes(reader.array()?);
        let content = if flags & FLAG_WRAPPED_KEY != 0 {
            let algorithm = Algorithm::from_byte(reader.u8()?)?;
            Content::Key {
                algorithm,
                key_id: KeyId::from_bytes(reader.array()?),
            }
        } else {
            Content::Data
        };
        let signer = if flags & FLAG_SIGNED != 0 {
            let algorithm = Algorithm::from_byte(reader.u8()?)?;
            if algorithm.kind() != KeyKind::Signature {
                return Err(Error::with_detail(
                    ErrorCode::MalformedInput,
                    "not a signature algorithm",
                ));
            }
            Some(Signer {
                algorithm,
                key_id: KeyId::from_bytes(reader.array()?),
            })
        } else {
            None
        };
        Ok(Self {
            algorithm,
            key_id,
            content,
            signer,
            context: flags & FLAG_CONTEXT != 0,
        })
    }

    /// An encrypted item as its header and the rest, apart: sentc's "raw" form, for apps that
    /// store the two in different places. Both parts are needed to decrypt, put back together
    /// in this order (the header stays authenticated and, when signed, signed).
    pub fn split(item: &[u8]) -> Result<(&[u8], &[u8])> {
        let mut reader = Reader::new(item);
        Self::read(&mut reader)?;
        item.split_at_checked(item.len().saturating_sub(reader.remaining()))
            .ok_or_else(|| ErrorCode::InputTruncated.into())
    }

    /// The binary encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut flags = 0;
        let mut out = Vec::with_capacity(Self::MAX_LEN);
        out.extend_from_slice(&[FORMAT_VERSION, self.algorithm.to_byte(), 0]);
        out.extend_from_slice(self.key_id.as_bytes());
        if let Content::Key { algorithm, key_id } = self.content {
            flags |= FLAG_WRAPPED_KEY;
            out.push(algorithm.to_byte());
            out.extend_from_slice(key_id.as_bytes());
        }
        if self.context {
            flags |= FLAG_CONTEXT;
        }
        if let Some(signer) = self.signer {
            flags |= FLAG_SIGNED;
            out.push(signer.algorithm.to_byte());
            out.extend_from_slice(signer.key_id.as_bytes());
        }
        if let Some(flag_byte) = out.get_mut(2) {
            *flag_byte = flags;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_the_header_apart() {
        let header = Header {
            algorithm: Algorithm::XChaCha20Poly1305,
            key_id: id(1),
            content: Content::Data,
            signer: None,
            context: false,
        };
        let mut item = header.to_bytes();
        item.extend_from_slice(b"body");
        let (head, body) = Header::split(&item).unwrap();
        assert_eq!(Header::parse(head).unwrap(), header);
        assert_eq!(head.len(), 19);
        assert_eq!(body, b"body");
        assert_eq!([head, body].concat(), item);
        // A header cut short is an error, not a panic.
        for len in 0..19 {
            assert!(Header::split(&item[..len]).is_err(), "{len}");
        }
    }

    fn id(byte: u8) -> KeyId {
        KeyId::from_bytes([byte; 16])
    }

    #[test]
    fn every_shape_round_trips() {
        let contents = [
            Content::Data,
            Content::Key {
                algorithm: Algorithm::XWing,
                key_id: id(2),
            },
        ];
        let signers = [
            None,
            Some(Signer {
                algorithm: Algorithm::Ed25519MlDsa65,
                key_id: id(3),
            }),
        ];
        for (content, context) in contents.into_iter().zip([false, true]) {
            for signer in signers {
                let header = Header {
                    algorithm: Algorithm::XChaCha20Poly1305,
                    key_id: id(1),
                    content,
                    signer,
                    context,
                };
                let bytes = header.to_bytes();
                assert!(bytes.len() <= Header::MAX_LEN);
                assert_eq!(Header::parse(&bytes).unwrap(), header);
                for cut in 0..bytes.len() {
                    let err = Header::parse(&bytes[..cut]).unwrap_err();
                    assert!(
                        matches!(
                            err.code(),
                            ErrorCode::InputTruncated | ErrorCode::EmptyInput
                        ),
                        "{err}"
                    );
                }
            }
        }
    }

    #[test]
    fn rejects_bad_fields() {
        let good = Header {
            algorithm: Algorithm::XChaCha20Poly1305,
            key_id: id(1),
            content: Content::Data,
            signer: None,
            context: false,
        }
        .to_bytes();
        let with = |offset: usize, value: u8| {
            let mut bytes = good.clone();
            bytes[offset] = value;
            Header::parse(&bytes).unwrap_err().code()
        };
        assert_eq!(with(0, 2), ErrorCode::UnsupportedVersion);
        assert_eq!(with(1, 0x77), ErrorCode::UnknownAlgorithm);
        assert_eq!(
            with(1, Algorithm::HmacSha256.to_byte()),
            ErrorCode::MalformedInput
        );
        assert_eq!(with(2, 0x80), ErrorCode::MalformedInput);
    }
}
