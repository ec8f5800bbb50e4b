//! Assembly and parsing of encrypted items: `header || body || [signature]`.
//!
//! The body is produced by the encryption scheme (symmetric or public-key). When the item is
//! signed, the signature covers `header || body` under the context [`ITEM_SIGNATURE_CONTEXT`],
//! i.e. encrypt-then-sign: a verifier checks the signature before decrypting, and the header,
//! which names the signer and the decrypting key, is both signed and AEAD-authenticated.

use super::algorithm::Algorithm;
use super::encoding::Reader;
use super::header::{Content, Header, Signer};
use super::key_id::KeyId;
use super::signature::{self, SignKey, VerifyKey};
use crate::error::{Error, ErrorCode, Result};

/// The signature context of encrypted items.
pub(crate) const ITEM_SIGNATURE_CONTEXT: &[u8] = b"sentc-encrypted-item-v1";

/// Builds an item: the header, the body written by `write_body` (which gets the encoded header
/// as associated data and appends to the output), and the signature if a signer is given.
pub(crate) fn assemble(
    algorithm: Algorithm,
    key_id: KeyId,
    content: Content,
    signer: Option<&SignKey>,
    body_len: usize,
    write_body: impl FnOnce(&[u8], &mut Vec<u8>) -> Result<()>,
) -> Result<Vec<u8>> {
    let header = Header {
        algorithm,
        key_id,
        content,
        signer: signer.map(|key| Signer {
            algorithm: SignKey::ALGORITHM,
            key_id: key.id(),
        }),
    };
    let header_bytes = header.to_bytes();
    let signature_len = if signer.is_some() {
        signature::SIGNATURE_LEN
    } else {
        0
    };
    let mut out = Vec::with_capacity(
        header_bytes
            .len()
            .saturating_add(body_len)
            .saturating_add(signature_len),
    );
    out.extend_from_slice(&header_bytes);
    write_body(&header_bytes, &mut out)?;
    if let Some(signer) = signer {
        let signature = signer.sign_raw(&out, ITEM_SIGNATURE_CONTEXT)?;
        out.extend_from_slice(signature.as_slice());
    }
    Ok(out)
}

/// An item split into its parts; nothing is decrypted or verified yet.
pub(crate) struct Parsed<'a> {
    pub(crate) header: Header,
    pub(crate) header_bytes: &'a [u8],
    pub(crate) body: &'a [u8],
    signed_part: &'a [u8],
    signature: Option<&'a [u8]>,
}

impl<'a> Parsed<'a> {
    /// Splits `item`, refusing items larger than `max_len` before looking further.
    pub(crate) fn new(item: &'a [u8], max_len: usize) -> Result<Self> {
        if item.len() > max_len {
            return Err(ErrorCode::InputTooLarge.into());
        }
        let mut reader = Reader::new(item);
        let header = Header::read(&mut reader)?;
        let header_len = item.len().saturating_sub(reader.remaining());
        let signature_len = if header.signer.is_some() {
            signature::SIGNATURE_LEN
        } else {
            0
        };
        let signed_len = item
            .len()
            .checked_sub(signature_len)
            .filter(|len| *len >= header_len)
            .ok_or(ErrorCode::InputTruncated)?;
        let (signed_part, signature) = item.split_at(signed_len);
        let (header_bytes, body) = signed_part.split_at(header_len);
        Ok(Self {
            header,
            header_bytes,
            body,
            signed_part,
            signature: header.signer.map(|_| signature),
        })
    }

    /// Fails unless the item holds `expected` content (data, or a key).
    pub(crate) fn expect_data(&self) -> Result<()> {
        match self.header.content {
            Content::Data => Ok(()),
            Content::Key { .. } => Err(Error::with_detail(
                ErrorCode::UnexpectedContent,
                "the item holds a wrapped key, not data",
            )),
        }
    }

    /// Fails unless the item is for the key `key_id`.
    pub(crate) fn expect_key(&self, key_id: KeyId) -> Result<()> {
        if self.header.key_id == key_id {
            Ok(())
        } else {
            Err(Error::for_key(ErrorCode::WrongKey, self.header.key_id))
        }
    }

    /// Verifies the item's signature with `verify_key`.
    pub(crate) fn verify(&self, verify_key: &VerifyKey) -> Result<()> {
        let (Some(signer), Some(signature)) = (self.header.signer, self.signature) else {
            return Err(ErrorCode::SignatureMissing.into());
        };
        if signer.key_id != verify_key.id() {
            return Err(Error::for_key(ErrorCode::WrongKey, signer.key_id));
        }
        verify_key.verify_raw(self.signed_part, ITEM_SIGNATURE_CONTEXT, signature)
    }
}

/// The largest plaintext of one encrypted item (64 MiB); larger data goes through file streams.
pub const MAX_PLAINTEXT_LEN: usize = 64 * 1024 * 1024;
/// The largest encrypted item: the plaintext limit plus the largest framing.
pub(crate) const MAX_ITEM_LEN: usize = MAX_PLAINTEXT_LEN + 4096 + signature::SIGNATURE_LEN;

/// A key that encrypts items (a symmetric key or a public key).
pub(crate) trait Encryptor {
    /// Encrypts `plaintext` as an item holding `content`, signed if `signer` is given.
    fn seal(&self, content: Content, plaintext: &[u8], signer: Option<&SignKey>)
    -> Result<Vec<u8>>;
}

/// A key that decrypts items (a symmetric key or a private key).
pub(crate) trait Decryptor {
    /// The encryption algorithm of this key.
    const ALGORITHM: Algorithm;
    /// The id items for this key carry in their header.
    fn decrypting_key_id(&self) -> KeyId;
    /// Decrypts the body of an item already checked to be for this key.
    fn open_body(&self, item: &Parsed<'_>) -> Result<Vec<u8>>;
}

/// Encrypts application data.
pub(crate) fn encrypt_data(
    key: &impl Encryptor,
    plaintext: &[u8],
    signer: Option<&SignKey>,
) -> Result<Vec<u8>> {
    if plaintext.len() > MAX_PLAINTEXT_LEN {
        return Err(Error::with_detail(ErrorCode::InputTooLarge, "plaintext"));
    }
    key.seal(Content::Data, plaintext, signer)
}

/// Parses an item, checks it is for `key` (and signed by `verify_key`), and decrypts it.
pub(crate) fn open<D: Decryptor>(
    key: &D,
    item: &[u8],
    verify_key: Option<&VerifyKey>,
    check_content: impl FnOnce(&Parsed<'_>) -> Result<()>,
) -> Result<(Header, Vec<u8>)> {
    let parsed = Parsed::new(item, MAX_ITEM_LEN)?;
    check_content(&parsed)?;
    if parsed.header.algorithm != D::ALGORITHM {
        return Err(Error::with_detail(
            ErrorCode::KeyTypeMismatch,
            format!("the item is for a {} key", parsed.header.algorithm),
        ));
    }
    parsed.expect_key(key.decrypting_key_id())?;
    if let Some(verify_key) = verify_key {
        parsed.verify(verify_key)?;
    }
    let plaintext = key.open_body(&parsed)?;
    Ok((parsed.header, plaintext))
}

/// Decrypts application data.
pub(crate) fn decrypt_data<D: Decryptor>(
    key: &D,
    item: &[u8],
    verify_key: Option<&VerifyKey>,
) -> Result<Vec<u8>> {
    open(key, item, verify_key, |parsed| parsed.expect_data()).map(|(_, plaintext)| plaintext)
}
