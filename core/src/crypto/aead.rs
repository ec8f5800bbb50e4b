//! XChaCha20-Poly1305 on raw key bytes, shared by symmetric and public-key encryption.

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};

use crate::error::{ErrorCode, Result};

/// Key length in bytes.
pub(crate) const KEY_LEN: usize = 32;
/// Nonce length in bytes.
pub(crate) const NONCE_LEN: usize = 24;
/// Tag length in bytes.
pub(crate) const TAG_LEN: usize = 16;

/// Encrypts `buffer` in place and returns the tag.
pub(crate) fn seal_in_place(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    associated_data: &[u8],
    buffer: &mut [u8],
) -> Result<[u8; TAG_LEN]> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let tag = cipher
        .encrypt_inout_detached(&XNonce::from(*nonce), associated_data, buffer.into())
        .map_err(|_| ErrorCode::InputTooLarge)?;
    Ok(tag.into())
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
            associated_data,
            plaintext.as_mut_slice().into(),
            &tag,
        )
        .map_err(|_| ErrorCode::DecryptionFailed)?;
    Ok(plaintext)
}
