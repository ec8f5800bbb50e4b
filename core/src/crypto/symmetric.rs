//! Symmetric keys: XChaCha20-Poly1305 with an authenticated header.
//!
//! An item encrypted with a symmetric key is
//! `header || nonce (24) || ciphertext || tag (16) || [signature]`, the header being the AEAD
//! associated data (see [`super::header`]).

use std::fmt;

use zeroize::Zeroizing;

use super::aead::{self, KEY_LEN, NONCE_LEN, TAG_LEN};
use super::algorithm::Algorithm;
use super::encoding::{Reader, base64_decode, base64_encode};
use super::envelope::{
    self, Decryptor, Encryptor, MAX_ITEM_LEN, Opening, Parsed, Sealing, assemble,
};
use super::header::Content;
use super::key_id::KeyId;
use super::random;
use super::secret_key::{SecretKey, SecretKeyBytes, secret_array};
use super::signature::{SignKey, VerifyKey};
use super::wrapped_key::{self, WrappedKey};
use crate::error::{Error, ErrorCode, Result};

/// A 256-bit XChaCha20-Poly1305 key with its id.
#[derive(Clone)]
pub struct SymmetricKey {
    id: KeyId,
    key: Zeroizing<[u8; KEY_LEN]>,
}

impl SymmetricKey {
    /// The algorithm of symmetric keys.
    pub const ALGORITHM: Algorithm = Algorithm::XChaCha20Poly1305;

    /// A new random key with a random id.
    pub fn generate() -> Result<Self> {
        Ok(Self {
            id: KeyId::random()?,
            key: random::secret()?,
        })
    }

    /// A key from bytes that come from outside sentc, e.g. a server's root key from its
    /// configuration. Prefer [`Self::generate`].
    pub fn from_external_bytes(id: KeyId, bytes: &[u8]) -> Result<Self> {
        Ok(Self {
            id,
            key: secret_array(bytes)?,
        })
    }

    /// A key from bytes derived elsewhere in the crate (e.g. from a password).
    pub(crate) fn from_parts(id: KeyId, key: Zeroizing<[u8; KEY_LEN]>) -> Self {
        Self { id, key }
    }

    /// The key's id.
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// Encrypts `plaintext` (at most [`envelope::MAX_PLAINTEXT_LEN`] bytes).
    pub fn encrypt(&self, plaintext: &[u8]) -> Result<Vec<u8>> {
        envelope::encrypt_data(self, plaintext, Sealing::default())
    }

    /// Encrypts `plaintext` and signs the result (header and ciphertext) with `signer`.
    pub fn encrypt_signed(&self, plaintext: &[u8], signer: &SignKey) -> Result<Vec<u8>> {
        envelope::encrypt_data(self, plaintext, Sealing::signed(Some(signer)))
    }

    /// Encrypts `plaintext` bound to the caller's `context` (at most
    /// [`envelope::MAX_ITEM_CONTEXT_LEN`] bytes, e.g. a record id and field name): it decrypts only
    /// with the same context. Signed with `signer` if given; the signature covers the context.
    pub fn encrypt_with_context(
        &self,
        plaintext: &[u8],
        context: &[u8],
        signer: Option<&SignKey>,
    ) -> Result<Vec<u8>> {
        let sealing = Sealing {
            signer,
            context: Some(context),
        };
        envelope::encrypt_data(self, plaintext, sealing)
    }

    /// Decrypts an item encrypted with this key. A signature, if present, is not checked;
    /// use [`Self::decrypt_verified`] for that.
    pub fn decrypt(&self, item: &[u8]) -> Result<Vec<u8>> {
        envelope::decrypt_data(self, item, Opening::default())
    }

    /// Verifies the item's signature with `verify_key`, then decrypts it.
    pub fn decrypt_verified(&self, item: &[u8], verify_key: &VerifyKey) -> Result<Vec<u8>> {
        envelope::decrypt_data(self, item, Opening::verified(Some(verify_key)))
    }

    /// Decrypts an item made by [`Self::encrypt_with_context`] with the same `context`,
    /// verifying its signature with `verify_key` if given. Another context fails to decrypt
    /// (`3001`); an item without context is `3007`.
    pub fn decrypt_with_context(
        &self,
        item: &[u8],
        context: &[u8],
        verify_key: Option<&VerifyKey>,
    ) -> Result<Vec<u8>> {
        let opening = Opening {
            verify_key,
            context: Some(context),
        };
        envelope::decrypt_data(self, item, opening)
    }

    /// Encrypts a string; the result is base64.
    pub fn encrypt_string(&self, text: &str) -> Result<String> {
        self.encrypt(text.as_bytes())
            .map(|item| base64_encode(&item))
    }

    /// Decrypts a string made by [`Self::encrypt_string`].
    pub fn decrypt_string(&self, text: &str) -> Result<String> {
        let item = base64_decode(text, MAX_ITEM_LEN)?;
        let plaintext = self.decrypt(&item)?;
        String::from_utf8(plaintext)
            .map_err(|_| Error::with_detail(ErrorCode::MalformedInput, "plaintext is not UTF-8"))
    }

    /// Wraps another secret key under this key.
    pub fn wrap_key<K: SecretKey>(&self, key: &K) -> Result<WrappedKey> {
        wrapped_key::wrap(self, key, None)
    }

    /// Wraps another secret key under this key and signs the result.
    pub fn wrap_key_signed<K: SecretKey>(&self, key: &K, signer: &SignKey) -> Result<WrappedKey> {
        wrapped_key::wrap(self, key, Some(signer))
    }

    /// Unwraps a key of type `K` wrapped under this key.
    pub fn unwrap_key<K: SecretKey>(&self, wrapped: &WrappedKey) -> Result<K> {
        wrapped_key::unwrap(self, wrapped, None)
    }

    /// Verifies the signature of a wrapped key, then unwraps it.
    pub fn unwrap_key_verified<K: SecretKey>(
        &self,
        wrapped: &WrappedKey,
        verify_key: &VerifyKey,
    ) -> Result<K> {
        wrapped_key::unwrap(self, wrapped, Some(verify_key))
    }

    /// A commitment to this key: `HMAC-SHA-256(key, "sentc-key-commitment-v1" || key id)`. It
    /// reveals nothing about the key, and a signature over it binds the signer to the key
    /// itself, not just to its id (used for signed group keys).
    pub fn commitment(&self) -> [u8; 32] {
        self.mac(b"sentc-key-commitment-v1", self.id.as_bytes())
    }

    /// `HMAC-SHA-256(key, label || message)`: shows whoever holds this key that its maker held
    /// it too (a group rotation's proof of the previous generation). Each use has its own label.
    pub fn mac(&self, label: &[u8], message: &[u8]) -> [u8; 32] {
        use hmac::{KeyInit, Mac};
        let Ok(mut mac) =
            <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(self.key.as_slice())
        else {
            return [0u8; 32];
        };
        mac.update(label);
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// A 32-byte key for another purpose, derived from this one:
    /// `HKDF-SHA-256(salt = "sentc-derived-key-v1", ikm = key, info = label || key id)`. Each
    /// purpose has its own label (searchable hashes, sortable numbers).
    pub(crate) fn derive_subkey(&self, label: &[u8]) -> Zeroizing<[u8; 32]> {
        let mut out = Zeroizing::new([0u8; 32]);
        let hkdf =
            hkdf::Hkdf::<sha2::Sha256>::new(Some(b"sentc-derived-key-v1"), self.key.as_slice());
        // 32 bytes is far below HKDF-SHA-256's limit of 8160: expand cannot fail.
        if hkdf
            .expand_multi_info(&[label, self.id.as_bytes()], out.as_mut_slice())
            .is_err()
        {
            out.fill(0);
        }
        out
    }

    /// A fixed key for unit tests: id and key bytes all `seed`.
    #[cfg(test)]
    pub(crate) fn for_tests(seed: u8) -> Self {
        Self::from_parts(
            KeyId::from_bytes([seed; 16]),
            Zeroizing::new([seed; KEY_LEN]),
        )
    }

    /// An HMAC-SHA-256 keyed with [`Self::derive_subkey`]`(label)`, ready to hash with (its state
    /// zeroizes on drop). The search and sortable keys of a generation.
    pub(crate) fn derive_mac(&self, label: &[u8]) -> hmac::Hmac<sha2::Sha256> {
        use hmac::KeyInit;
        let key = self.derive_subkey(label);
        // HMAC takes keys of any length: 32 bytes cannot fail.
        match <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key.as_slice()) {
            Ok(mac) => mac,
            Err(_) => <hmac::Hmac<sha2::Sha256> as KeyInit>::new(&Default::default()),
        }
    }

    /// Appends `ciphertext || tag` of `plaintext` under this key to `out`, for formats with
    /// their own framing (file chunks, [`super::file_chunk`]).
    pub(crate) fn append_sealed_raw(
        &self,
        out: &mut Vec<u8>,
        nonce: &[u8; NONCE_LEN],
        associated_data: &[u8],
        plaintext: &[u8],
    ) -> Result<()> {
        aead::append_sealed(out, &self.key, nonce, associated_data, plaintext)
    }

    /// Opens `ciphertext || tag` made by [`Self::append_sealed_raw`] in place.
    pub(crate) fn open_raw_in_place(
        &self,
        nonce: &[u8; NONCE_LEN],
        associated_data: &[u8],
        buffer: &mut Vec<u8>,
    ) -> Result<()> {
        aead::open_in_place(&self.key, nonce, associated_data, buffer)
    }

    /// Encrypts with a caller-chosen nonce, for known-answer vectors only.
    #[cfg(test)]
    pub(crate) fn seal_with_nonce(
        &self,
        content: Content,
        plaintext: &[u8],
        nonce: [u8; NONCE_LEN],
    ) -> Result<Vec<u8>> {
        self.seal_inner(content, plaintext, Sealing::default(), nonce)
    }

    /// Encrypts data bound to `context` with a caller-chosen nonce, for known-answer vectors.
    #[cfg(test)]
    pub(crate) fn seal_with_context_and_nonce(
        &self,
        plaintext: &[u8],
        context: &[u8],
        nonce: [u8; NONCE_LEN],
    ) -> Result<Vec<u8>> {
        let sealing = Sealing {
            signer: None,
            context: Some(context),
        };
        self.seal_inner(Content::Data, plaintext, sealing, nonce)
    }

    fn seal_inner(
        &self,
        content: Content,
        plaintext: &[u8],
        sealing: Sealing<'_>,
        nonce: [u8; NONCE_LEN],
    ) -> Result<Vec<u8>> {
        let body_len = plaintext.len().saturating_add(NONCE_LEN + TAG_LEN);
        assemble(
            Self::ALGORITHM,
            self.id,
            content,
            sealing,
            body_len,
            |header, out| {
                out.extend_from_slice(&nonce);
                aead::append_sealed(out, &self.key, &nonce, header, plaintext)
            },
        )
    }
}

impl Encryptor for SymmetricKey {
    fn seal(&self, content: Content, plaintext: &[u8], sealing: Sealing<'_>) -> Result<Vec<u8>> {
        self.seal_inner(content, plaintext, sealing, random::array()?)
    }
}

impl Decryptor for SymmetricKey {
    const ALGORITHM: Algorithm = Algorithm::XChaCha20Poly1305;

    fn decrypting_key_id(&self) -> KeyId {
        self.id
    }

    fn open_body(&self, item: &Parsed<'_>) -> Result<Vec<u8>> {
        let mut reader = Reader::new(item.body);
        let nonce: [u8; NONCE_LEN] = reader.array()?;
        aead::open(&self.key, &nonce, &item.associated_data()?, reader.rest())
    }
}

impl SecretKeyBytes for SymmetricKey {
    const ALGORITHM: Algorithm = Algorithm::XChaCha20Poly1305;

    fn key_id(&self) -> KeyId {
        self.id
    }

    fn secret_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.key.to_vec())
    }

    fn from_secret_bytes(key_id: KeyId, bytes: &[u8]) -> Result<Self> {
        Ok(Self {
            id: key_id,
            key: secret_array(bytes)?,
        })
    }
}

impl fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SymmetricKey")
            .field("id", &self.id)
            .field("key", &"<redacted>")
            .finish()
    }
}
