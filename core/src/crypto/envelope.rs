//! Assembly and parsing of encrypted items: `header || body || [signature]`.
//!
//! The body is produced by the encryption scheme (symmetric or public-key). When the item is
//! signed, the signature covers `header || body` under the context [`ITEM_SIGNATURE_CONTEXT`],
//! i.e. encrypt-then-sign: a verifier checks the signature before decrypting, and the header,
//! which names the signer and the decrypting key, is both signed and AEAD-authenticated.
//!
//! A caller may bind an item to a context of its own (a record id and field name, say): the
//! header's context flag is set and `u16 length || context` is appended to the associated data
//! and to the signed message, so an item moved to another record or field does not decrypt
//! (`3001`) or verify there. Opening with a context an item without one, or the reverse, is
//! `3007 ContextMismatch`.

use super::algorithm::Algorithm;
use super::encoding::Reader;
use super::header::{Content, Header, Signer};
use super::key_id::KeyId;
use super::signature::{self, SignKey, VerifyKey};
use crate::error::{Error, ErrorCode, Result};

/// The longest caller context.
pub const MAX_ITEM_CONTEXT_LEN: usize = 1024;

/// The signature context of encrypted items.
pub(crate) const ITEM_SIGNATURE_CONTEXT: &[u8] = b"sentc-encrypted-item-v1";

/// `header_bytes`, followed by the framed context if there is one: the AEAD associated data.
fn with_context(header_bytes: &[u8], context: Option<&[u8]>) -> Result<Vec<u8>> {
    let mut out = header_bytes.to_vec();
    if let Some(context) = context {
        let len = u16::try_from(context.len())
            .ok()
            .filter(|len| usize::from(*len) <= MAX_ITEM_CONTEXT_LEN)
            .ok_or_else(|| Error::with_detail(ErrorCode::InputTooLarge, "context"))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(context);
    }
    Ok(out)
}

/// What an item's signature covers: `header || body`, and the framed context if there is one.
fn signed_message<'a>(
    signed_part: &'a [u8],
    header_len: usize,
    context: Option<&[u8]>,
) -> Result<std::borrow::Cow<'a, [u8]>> {
    match context {
        None => Ok(std::borrow::Cow::Borrowed(signed_part)),
        Some(_) => {
            let (header, body) = signed_part
                .split_at_checked(header_len)
                .ok_or(ErrorCode::InputTruncated)?;
            let mut out = with_context(header, context)?;
            // The framed context sits after the body, so the header stays at the front.
            let framed = out.split_off(header.len());
            out.extend_from_slice(body);
            out.extend_from_slice(&framed);
            Ok(std::borrow::Cow::Owned(out))
        }
    }
}

/// Builds an item: the header, the body written by `write_body` (which gets the associated data
/// — the encoded header and the framed context — and appends to the output), and the signature
/// if a signer is given.
pub(crate) fn assemble(
    algorithm: Algorithm,
    key_id: KeyId,
    content: Content,
    sealing: Sealing<'_>,
    body_len: usize,
    write_body: impl FnOnce(&[u8], &mut Vec<u8>) -> Result<()>,
) -> Result<Vec<u8>> {
    let Sealing { signer, context } = sealing;
    let header = Header {
        algorithm,
        key_id,
        content,
        signer: signer.map(|key| Signer {
            algorithm: SignKey::ALGORITHM,
            key_id: key.id(),
        }),
        context: context.is_some(),
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
    write_body(&with_context(&header_bytes, context)?, &mut out)?;
    if let Some(signer) = signer {
        let message = signed_message(&out, header_bytes.len(), context)?;
        let signature = signer.sign_raw(&message, ITEM_SIGNATURE_CONTEXT)?;
        out.extend_from_slice(signature.as_slice());
    }
    Ok(out)
}

/// How an item is sealed besides its content: who signs it and which caller context it is
/// bound to.
#[derive(Clone, Copy, Default)]
pub(crate) struct Sealing<'a> {
    /// The signer, if the item is signed.
    pub(crate) signer: Option<&'a SignKey>,
    /// The caller's context, if the item is bound to one.
    pub(crate) context: Option<&'a [u8]>,
}

impl<'a> Sealing<'a> {
    /// Signed by `signer` if given, no context.
    pub(crate) fn signed(signer: Option<&'a SignKey>) -> Self {
        Self {
            signer,
            context: None,
        }
    }
}

/// An item split into its parts; nothing is decrypted or verified yet.
pub(crate) struct Parsed<'a> {
    pub(crate) header: Header,
    pub(crate) header_bytes: &'a [u8],
    pub(crate) body: &'a [u8],
    signed_part: &'a [u8],
    signature: Option<&'a [u8]>,
    context: Option<&'a [u8]>,
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
            context: None,
        })
    }

    /// Supplies the caller's context; fails with `3007 ContextMismatch` if the item is bound to
    /// a context and none is given, or the reverse.
    pub(crate) fn with_context(mut self, context: Option<&'a [u8]>) -> Result<Self> {
        if self.header.context != context.is_some() {
            let detail = if self.header.context {
                "the item is bound to a context: decrypt it with its context"
            } else {
                "the item is bound to no context"
            };
            return Err(Error::with_detail(ErrorCode::ContextMismatch, detail));
        }
        self.context = context;
        Ok(self)
    }

    /// The AEAD associated data: the header and, for a bound item, the framed context.
    pub(crate) fn associated_data(&self) -> Result<Vec<u8>> {
        with_context(self.header_bytes, self.context)
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
        let message = signed_message(self.signed_part, self.header_bytes.len(), self.context)?;
        verify_key.verify_raw(&message, ITEM_SIGNATURE_CONTEXT, signature)
    }
}

/// The largest plaintext of one encrypted item (64 MiB); larger data goes through file streams.
pub const MAX_PLAINTEXT_LEN: usize = 64 * 1024 * 1024;
/// The largest encrypted item: the plaintext limit plus the largest framing.
pub(crate) const MAX_ITEM_LEN: usize = MAX_PLAINTEXT_LEN + 4096 + signature::SIGNATURE_LEN;

/// A key that encrypts items (a symmetric key or a public key).
pub(crate) trait Encryptor {
    /// Encrypts `plaintext` as an item holding `content`, sealed as `sealing` says.
    fn seal(&self, content: Content, plaintext: &[u8], sealing: Sealing<'_>) -> Result<Vec<u8>>;
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
    sealing: Sealing<'_>,
) -> Result<Vec<u8>> {
    if plaintext.len() > MAX_PLAINTEXT_LEN {
        return Err(Error::with_detail(ErrorCode::InputTooLarge, "plaintext"));
    }
    key.seal(Content::Data, plaintext, sealing)
}

/// What opening an item checks besides the key: the signer's verify key and the caller's
/// context, each if given.
#[derive(Clone, Copy, Default)]
pub(crate) struct Opening<'a> {
    /// Verify the signature with this key.
    pub(crate) verify_key: Option<&'a VerifyKey>,
    /// The caller's context the item must be bound to.
    pub(crate) context: Option<&'a [u8]>,
}

impl<'a> Opening<'a> {
    /// Verified with `verify_key` if given, no context.
    pub(crate) fn verified(verify_key: Option<&'a VerifyKey>) -> Self {
        Self {
            verify_key,
            context: None,
        }
    }
}

/// Parses an item, checks it is for `key` (and signed by the verify key, and bound to the
/// context, of `opening`), and decrypts it.
pub(crate) fn open<D: Decryptor>(
    key: &D,
    item: &[u8],
    opening: Opening<'_>,
    check_content: impl FnOnce(&Parsed<'_>) -> Result<()>,
) -> Result<(Header, Vec<u8>)> {
    let parsed = Parsed::new(item, MAX_ITEM_LEN)?.with_context(opening.context)?;
    check_content(&parsed)?;
    if parsed.header.algorithm != D::ALGORITHM {
        return Err(Error::with_detail(
            ErrorCode::KeyTypeMismatch,
            format!("the item is for a {} key", parsed.header.algorithm),
        ));
    }
    parsed.expect_key(key.decrypting_key_id())?;
    if let Some(verify_key) = opening.verify_key {
        parsed.verify(verify_key)?;
    }
    let plaintext = key.open_body(&parsed)?;
    Ok((parsed.header, plaintext))
}

/// Decrypts application data.
pub(crate) fn decrypt_data<D: Decryptor>(
    key: &D,
    item: &[u8],
    opening: Opening<'_>,
) -> Result<Vec<u8>> {
    open(key, item, opening, |parsed| parsed.expect_data()).map(|(_, plaintext)| plaintext)
}
