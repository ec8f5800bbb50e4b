//! XChaCha20-Poly1305 on raw key bytes, shared by symmetric and public-key encryption.
//!
//! The associated data (an item's header) is zero-padded to a multiple of 64 bytes before it
//! goes to the AEAD. Poly1305's AVX2 backend processes four 16-byte blocks at a time and falls
//! back to single blocks for the whole message when the associated data leaves it out of step:
//! an unpadded 19-byte header made 1 MiB items 12-17% slower (see BENCHMARKS.md). The padding is
//! unambiguous because a header's length is fixed by its flags byte, so no two valid headers
//! pad to the same bytes.

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};

use crate::error::{ErrorCode, Result};

/// Key length in bytes.
pub(crate) const KEY_LEN: usize = 32;
/// Nonce length in bytes.
pub(crate) const NONCE_LEN: usize = 24;
/// Tag length in bytes.
pub(crate) const TAG_LEN: usize = 16;

/// Poly1305's AVX2 batch: four 16-byte blocks.
const AD_ALIGN: usize = 64;

/// `associated_data` zero-padded to a multiple of [`AD_ALIGN`] bytes.
fn padded(associated_data: &[u8]) -> Vec<u8> {
    let mut out = associated_data.to_vec();
    out.resize(associated_data.len().div_ceil(AD_ALIGN) * AD_ALIGN, 0);
    out
}

/// Encrypts `buffer` in place and returns the tag.
fn seal_in_place(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    associated_data: &[u8],
    buffer: &mut [u8],
) -> Result<[u8; TAG_LEN]> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let tag = cipher
        .encrypt_inout_detached(
            &XNonce::from(*nonce),
            &padded(associated_data),
            buffer.into(),
        )
        .map_err(|_| ErrorCode::InputTooLarge)?;
    Ok(tag.into())
}

/// Appends `ciphertext || tag` of `plaintext` to `out`.
pub(crate) fn append_sealed(
    out: &mut Vec<u8>,
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    associated_data: &[u8],
    plaintext: &[u8],
) -> Result<()> {
    let start = out.len();
    out.extend_from_slice(plaintext);
    let buffer = out.get_mut(start..).ok_or(ErrorCode::MalformedInput)?;
    let tag = seal_in_place(key, nonce, associated_data, buffer)?;
    out.extend_from_slice(&tag);
    Ok(())
}

/// Decrypts `ciphertext || tag` into a new buffer.
pub(crate) fn open(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    associated_data: &[u8],
    ciphertext_and_tag: &[u8],
) -> Result<Vec<u8>> {
    let split = ciphertext_and_tag
        .len()
        .checked_sub(TAG_LEN)
        .ok_or(ErrorCode::InputTruncated)?;
    let (ciphertext, tag) = ciphertext_and_tag.split_at(split);
    let tag = Tag::try_from(tag).map_err(|_| ErrorCode::InputTruncated)?;
    let mut plaintext = ciphertext.to_vec();
    let cipher = XChaCha20Poly1305::new(key.into());
    cipher
        .decrypt_inout_detached(
            &XNonce::from(*nonce),
            &padded(associated_data),
            plaintext.as_mut_slice().into(),
            &tag,
        )
        .map_err(|_| ErrorCode::DecryptionFailed)?;
    Ok(plaintext)
}
