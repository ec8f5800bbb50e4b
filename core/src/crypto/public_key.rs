//! Public-key encryption: X-Wing, then HKDF-SHA-256, then XChaCha20-Poly1305 (HPKE-style).
//!
//! An item encrypted to a public key is
//! `header || X-Wing ciphertext (1120) || ciphertext || tag (16) || [signature]`.
//! Each item gets a fresh shared secret `ss` from X-Wing, and
//!
//! ```text
//! key (32) || nonce (24) = HKDF-SHA-256(salt = "sentc-x-wing-v1", ikm = ss,
//!                                       info = header || X-Wing ciphertext)
//! ```
//!
//! The header names the recipient key id (a hash of the recipient public key) and the signer,
//! so the KEM ciphertext and both key ids are bound into the derived key, and the header is
//! also the AEAD associated data.

use std::fmt;

use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

use super::aead::{self, KEY_LEN, NONCE_LEN, TAG_LEN};
use super::algorithm::Algorithm;
use super::envelope::{self, Decryptor, Encryptor, Opening, Parsed, Sealing, assemble};
use super::header::Content;
use super::key_id::KeyId;
use super::public_key_export::PublicKeyBytes;
use super::random;
use super::secret_key::{SecretKey, SecretKeyBytes, secret_array};
use super::signature::{SignKey, VerifyKey};
use super::wrapped_key::{self, WrappedKey};
use super::xwing;
use crate::error::{Error, ErrorCode, Result};

const HKDF_SALT: &[u8] = b"sentc-x-wing-v1";

/// A public key for encryption (X-Wing: X25519 + ML-KEM-768).
#[derive(Clone)]
pub struct PublicKey {
    id: KeyId,
    key: xwing::EncapsulationKey,
}

/// The private key of a [`PublicKey`], kept in expanded form for fast decryption.
#[derive(Clone)]
pub struct PrivateKey {
    key: xwing::DecapsulationKey,
    public: PublicKey,
}

impl PrivateKey {
    /// The algorithm of encryption key pairs.
    pub const ALGORITHM: Algorithm = Algorithm::XWing;

    /// A new random key pair.
    pub fn generate() -> Result<Self> {
        Ok(Self::from_seed(random::secret()?))
    }

    pub(crate) fn from_seed(seed: Zeroizing<[u8; xwing::SEED_LEN]>) -> Self {
        let key = xwing::DecapsulationKey::from_seed(seed);
        let public = PublicKey::from_encapsulation_key(key.public().clone());
        Self { key, public }
    }

    /// The key's id (the id of its public key).
    pub fn id(&self) -> KeyId {
        self.public.id
    }

    /// The matching public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// Decrypts an item encrypted to the public key. A signature, if present, is not checked.
    pub fn decrypt(&self, item: &[u8]) -> Result<Vec<u8>> {
        envelope::decrypt_data(self, item, Opening::default())
    }

    /// Verifies the item's signature with `verify_key`, then decrypts it.
    pub fn decrypt_verified(&self, item: &[u8], verify_key: &VerifyKey) -> Result<Vec<u8>> {
        envelope::decrypt_data(self, item, Opening::verified(Some(verify_key)))
    }

    /// Decrypts an item made by [`PublicKey::encrypt_with_context`] with the same `context`,
    /// verifying its signature with `verify_key` if given.
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

    /// Unwraps a key of type `K` wrapped to the public key.
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
}

impl PublicKey {
    /// The algorithm of public keys.
    pub const ALGORITHM: Algorithm = Algorithm::XWing;

    fn from_encapsulation_key(key: xwing::EncapsulationKey) -> Self {
        Self {
            id: KeyId::derive(Self::ALGORITHM, key.as_bytes()),
            key,
        }
    }

    /// Parses the public key bytes (ML-KEM-768 key (1184) || X25519 key (32)).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        xwing::EncapsulationKey::from_bytes(bytes).map(Self::from_encapsulation_key)
    }

    /// The key's id, derived from its bytes.
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// The public key bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.key.as_bytes()
    }

    /// Encrypts `plaintext` to this key.
    pub fn encrypt(&self, plaintext: &[u8]) -> Result<Vec<u8>> {
        envelope::encrypt_data(self, plaintext, Sealing::default())
    }

    /// Encrypts `plaintext` to this key and signs the result with `signer`.
    pub fn encrypt_signed(&self, plaintext: &[u8], signer: &SignKey) -> Result<Vec<u8>> {
        envelope::encrypt_data(self, plaintext, Sealing::signed(Some(signer)))
    }

    /// Encrypts `plaintext` to this key bound to the caller's `context` (see
    /// [`super::SymmetricKey::encrypt_with_context`]), signed with `signer` if given.
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

    /// Wraps a secret key to this public key.
    pub fn wrap_key<K: SecretKey>(&self, key: &K) -> Result<WrappedKey> {
        wrapped_key::wrap(self, key, None)
    }

    /// Wraps a secret key to this public key and signs the result.
    pub fn wrap_key_signed<K: SecretKey>(&self, key: &K, signer: &SignKey) -> Result<WrappedKey> {
        wrapped_key::wrap(self, key, Some(signer))
    }

    /// Encrypts with caller-chosen X-Wing randomness, for known-answer vectors only.
    #[cfg(test)]
    pub(crate) fn seal_deterministic(
        &self,
        content: Content,
        plaintext: &[u8],
        seed: &[u8; xwing::ENCAPSULATION_SEED_LEN],
    ) -> Result<Vec<u8>> {
        let (ciphertext, shared) = self.key.encapsulate_deterministic(seed);
        self.seal_inner(content, plaintext, Sealing::default(), &ciphertext, &shared)
    }

    fn seal_inner(
        &self,
        content: Content,
        plaintext: &[u8],
        sealing: Sealing<'_>,
        kem_ciphertext: &[u8],
        shared: &xwing::SharedSecret,
    ) -> Result<Vec<u8>> {
        let body_len = plaintext
            .len()
            .saturating_add(xwing::CIPHERTEXT_LEN + TAG_LEN);
        assemble(
            Self::ALGORITHM,
            self.id,
            content,
            sealing,
            body_len,
            |header, out| {
                let (key, nonce) = derive_item_key(shared, header, kem_ciphertext)?;
                out.extend_from_slice(kem_ciphertext);
                aead::append_sealed(out, &key, &nonce, header, plaintext)
            },
        )
    }
}

/// HKDF-SHA-256 from the shared secret to the item's AEAD key and nonce.
fn derive_item_key(
    shared: &xwing::SharedSecret,
    header: &[u8],
    kem_ciphertext: &[u8],
) -> Result<(Zeroizing<[u8; KEY_LEN]>, [u8; NONCE_LEN])> {
    let hkdf = Hkdf::<Sha256>::new(Some(HKDF_SALT), shared.as_slice());
    let mut okm = Zeroizing::new([0u8; KEY_LEN + NONCE_LEN]);
    hkdf.expand_multi_info(&[header, kem_ciphertext], okm.as_mut_slice())
        .map_err(|_| Error::new(ErrorCode::KeyDerivationFailed))?;
    let (key_part, nonce_part) = okm.split_at(KEY_LEN);
    let key = secret_array::<KEY_LEN>(key_part)?;
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(nonce_part);
    Ok((key, nonce))
}

impl Encryptor for PublicKey {
    fn seal(&self, content: Content, plaintext: &[u8], sealing: Sealing<'_>) -> Result<Vec<u8>> {
        let (ciphertext, shared) = self.key.encapsulate()?;
        self.seal_inner(content, plaintext, sealing, &ciphertext, &shared)
    }
}

impl Decryptor for PrivateKey {
    const ALGORITHM: Algorithm = Algorithm::XWing;

    fn decrypting_key_id(&self) -> KeyId {
        self.id()
    }

    fn open_body(&self, item: &Parsed<'_>) -> Result<Vec<u8>> {
        let (kem_ciphertext, rest) = item
            .body
            .split_at_checked(xwing::CIPHERTEXT_LEN)
            .ok_or(ErrorCode::InputTruncated)?;
        let shared = self.key.decapsulate(kem_ciphertext)?;
        let associated = item.associated_data()?;
        let (key, nonce) = derive_item_key(&shared, &associated, kem_ciphertext)?;
        aead::open(&key, &nonce, &associated, rest)
    }
}

impl SecretKeyBytes for PrivateKey {
    const ALGORITHM: Algorithm = Algorithm::XWing;

    fn key_id(&self) -> KeyId {
        self.id()
    }

    fn secret_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.key.seed().to_vec())
    }

    fn from_secret_bytes(key_id: KeyId, bytes: &[u8]) -> Result<Self> {
        let key = Self::from_seed(secret_array(bytes)?);
        if key.id() != key_id {
            return Err(Error::for_key(ErrorCode::KeyIdMismatch, key_id));
        }
        Ok(key)
    }
}

impl PublicKeyBytes for PublicKey {
    const ALGORITHM: Algorithm = Algorithm::XWing;

    fn key_id(&self) -> KeyId {
        self.id
    }

    fn public_bytes(&self) -> &[u8] {
        self.as_bytes()
    }

    fn from_public_bytes(bytes: &[u8]) -> Result<Self> {
        Self::from_bytes(bytes)
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.key.as_bytes() == other.key.as_bytes()
    }
}

impl Eq for PublicKey {}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("id", &self.id())
            .field("secret", &"<redacted>")
            .finish()
    }
}
