//! XChaCha20-Poly1305 on raw key bytes, for `sentc-core`.
//!
//! Why a crate of its own: generic code is compiled with the optimisation level of the crate
//! that instantiates it. The browser build compiles `sentc-core` for size (opt-level "s"), which
//! made symmetric encryption in wasm 0.15-0.22x the native throughput; instantiated here, the
//! cipher gets this crate's level (3 in the `wasm-release` profile) for a few KB of code, instead
//! of +55 KB gzip for all of `sentc-core` at 3 (BENCHMARKS.md). The functions are not generic,
//! so the instantiation stays here.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]
#![deny(missing_docs)]

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};

/// Key length in bytes.
pub const KEY_LEN: usize = 32;
/// Nonce length in bytes.
pub const NONCE_LEN: usize = 24;
/// Tag length in bytes.
pub const TAG_LEN: usize = 16;

/// The AEAD refused: the message is too long to encrypt, or it did not authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AeadError;

/// Encrypts `buffer` in place and returns the tag.
pub fn seal_in_place(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    associated_data: &[u8],
    buffer: &mut [u8],
) -> Result<[u8; TAG_LEN], AeadError> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let tag = cipher
        .encrypt_inout_detached(&XNonce::from(*nonce), associated_data, buffer.into())
        .map_err(|_| AeadError)?;
    Ok(tag.into())
}

/// Decrypts `buffer` in place if `tag` authenticates it with `associated_data`; leaves it
/// unspecified otherwise.
pub fn open_in_place(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    associated_data: &[u8],
    buffer: &mut [u8],
    tag: &[u8; TAG_LEN],
) -> Result<(), AeadError> {
    let cipher = XChaCha20Poly1305::new(key.into());
    cipher
        .decrypt_inout_detached(
            &XNonce::from(*nonce),
            associated_data,
            buffer.into(),
            &Tag::from(*tag),
        )
        .map_err(|_| AeadError)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_every_flipped_byte_is_refused() {
        let (key, nonce) = ([7u8; KEY_LEN], [9u8; NONCE_LEN]);
        let mut buffer = *b"sixteen byte msg";
        let tag = seal_in_place(&key, &nonce, b"header", &mut buffer).unwrap();
        let sealed = buffer;
        open_in_place(&key, &nonce, b"header", &mut buffer, &tag).unwrap();
        assert_eq!(&buffer, b"sixteen byte msg");
        for i in 0..sealed.len() {
            let mut changed = sealed;
            changed[i] ^= 1;
            assert_eq!(
                open_in_place(&key, &nonce, b"header", &mut changed, &tag),
                Err(AeadError)
            );
        }
        let mut copy = sealed;
        assert_eq!(
            open_in_place(&key, &nonce, b"headeR", &mut copy, &tag),
            Err(AeadError)
        );
    }
}
