//! XChaCha20-Poly1305 on raw key bytes, shared by symmetric and public-key encryption. The
//! cipher itself is instantiated in the `sentc-aead` crate, which the browser build optimises
//! for speed while this crate is optimised for size.
//!
//! The associated data (an item's header) is zero-padded to a multiple of 64 bytes before it
//! goes to the AEAD. Poly1305's AVX2 backend processes four 16-byte blocks at a time and falls
//! back to single blocks for the whole message when the associated data leaves it out of step:
//! an unpadded 19-byte header made 1 MiB items 12-17% slower (see BENCHMARKS.md). The padding is
//! unambiguous because a header's length is fixed by its flags byte, so no two valid headers
//! pad to the same bytes.

pub(crate) use sentc_aead::{KEY_LEN, NONCE_LEN, TAG_LEN};

use crate::error::{ErrorCode, Result};

/// Poly1305's AVX2 batch: four 16-byte blocks.
const AD_ALIGN: usize = 64;

/// `associated_data` zero-padded to a multiple of [`AD_ALIGN`] bytes.
fn padded(associated_data: &[u8]) -> Vec<u8> {
    let mut out = associated_data.to_vec();
    out.resize(
        associated_data
            .len()
            .div_ceil(AD_ALIGN)
            .saturating_mul(AD_ALIGN),
        0,
    );
    out
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
    let tag = sentc_aead::seal_in_place(key, nonce, &padded(associated_data), buffer)
        .map_err(|_| ErrorCode::InputTooLarge)?;
    out.extend_from_slice(&tag);
    Ok(())
}

/// Decrypts `ciphertext || tag` in place: on success `buffer` holds the plaintext (the tag
/// removed); on failure its contents are unspecified.
pub(crate) fn open_in_place(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    associated_data: &[u8],
    buffer: &mut Vec<u8>,
) -> Result<()> {
    let split = buffer
        .len()
        .checked_sub(TAG_LEN)
        .ok_or(ErrorCode::InputTruncated)?;
    let tag: [u8; TAG_LEN] = buffer
        .get(split..)
        .and_then(|tag| tag.try_into().ok())
        .ok_or(ErrorCode::InputTruncated)?;
    buffer.truncate(split);
    sentc_aead::open_in_place(key, nonce, &padded(associated_data), buffer, &tag)
        .map_err(|_| ErrorCode::DecryptionFailed)?;
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
    let tag: &[u8; TAG_LEN] = tag.try_into().map_err(|_| ErrorCode::InputTruncated)?;
    let mut plaintext = ciphertext.to_vec();
    sentc_aead::open_in_place(key, nonce, &padded(associated_data), &mut plaintext, tag)
        .map_err(|_| ErrorCode::DecryptionFailed)?;
    Ok(plaintext)
}
