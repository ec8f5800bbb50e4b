//! Hybrid signatures: Ed25519 and ML-DSA-65 (FIPS 204), valid only if both verify.
//!
//! Both parts sign the same message representative (a composite construction in the style of
//! the IETF composite ML-DSA drafts):
//!
//! ```text
//! M' = "sentc-hybrid-signature-v1" || alg byte || signer key id (16) || len(ctx) (1) || ctx
//!      || SHA-512(message)
//! ```
//!
//! The label and algorithm byte keep one part from being lifted into a non-hybrid protocol; the
//! key id binds the signature to the signer; the context string separates uses (a signature over
//! an encrypted item cannot be replayed as a signature over a public key). Ed25519 is verified
//! strictly (no malleable or small-order encodings); ML-DSA (libcrux, formally verified) signs
//! hedged (randomized), with an empty ML-DSA context since `M'` carries ours.
//!
//! Wire formats: a verify key is `ed25519 public key (32) || ML-DSA-65 public key (1952)`; a
//! signature is `ed25519 (64) || ML-DSA-65 (3309)`; a detached signature prefixes
//! `version (1) || alg (1) || signer key id (16)`.

use std::fmt;
use std::sync::OnceLock;

use ed25519_dalek::Signer as _;
use libcrux_ml_dsa::ml_dsa_65::{self, MLDSA65SigningKey, MLDSA65VerificationKey};
use sha2::{Digest, Sha512};
use zeroize::{Zeroize, Zeroizing};

use super::algorithm::Algorithm;
use super::encoding::Reader;
use super::key_id::KeyId;
use super::random;
use super::secret_key::SecretKeyBytes;
use crate::error::{Error, ErrorCode, Result};

const ED25519_PUBLIC_LEN: usize = 32;
const ML_DSA_PUBLIC_LEN: usize = 1952;
const ED25519_SIGNATURE_LEN: usize = 64;
const ML_DSA_SIGNATURE_LEN: usize = 3309;
const SEED_LEN: usize = 64;
const LABEL: &[u8] = b"sentc-hybrid-signature-v1";
const DETACHED_VERSION: u8 = 1;

/// Length of a verify key's public bytes.
pub const VERIFY_KEY_LEN: usize = ED25519_PUBLIC_LEN + ML_DSA_PUBLIC_LEN;
/// Length of a hybrid signature.
pub const SIGNATURE_LEN: usize = ED25519_SIGNATURE_LEN + ML_DSA_SIGNATURE_LEN;
/// Longest context string.
pub const MAX_CONTEXT_LEN: usize = 255;

/// A private signing key (Ed25519 + ML-DSA-65).
///
/// A key opened from storage keeps only its seed and id until it first signs or shows its
/// verify key: expanding the seed (ML-DSA key generation) costs about 60 µs natively and several
/// times that in the browser, and login and group fetches open many sign keys that never sign.
#[derive(Clone)]
pub struct SignKey {
    id: KeyId,
    seed: Zeroizing<[u8; SEED_LEN]>,
    expanded: OnceLock<ExpandedSignKey>,
}

/// The key pair computed from a seed.
#[derive(Clone)]
struct ExpandedSignKey {
    ed25519: ed25519_dalek::SigningKey,
    ml_dsa: Box<MlDsaSigningKey>,
    verify_key: VerifyKey,
}

impl ExpandedSignKey {
    fn from_seed(seed: &[u8; SEED_LEN]) -> Self {
        let (ed_seed, ml_seed) = split_seed(seed);
        let ed25519 = ed25519_dalek::SigningKey::from_bytes(&ed_seed);
        // libcrux takes the seed by value: the copy lives only in the call's argument, no
        // named copy outside the zeroizing wrapper.
        let pair = ml_dsa_65::generate_key_pair(*ml_seed);
        let ml_dsa = Box::new(MlDsaSigningKey(pair.signing_key));
        let verify_key = VerifyKey::from_parts(ed25519.verifying_key(), pair.verification_key);
        Self {
            ed25519,
            ml_dsa,
            verify_key,
        }
    }
}

/// libcrux's ML-DSA signing key, zeroized on drop (libcrux's type does not do it itself).
#[derive(Clone)]
struct MlDsaSigningKey(MLDSA65SigningKey);

impl Drop for MlDsaSigningKey {
    fn drop(&mut self) {
        self.0.as_mut_slice().zeroize();
    }
}

/// A public verify key (Ed25519 + ML-DSA-65), with its parsed form kept for fast verification.
#[derive(Clone)]
pub struct VerifyKey {
    id: KeyId,
    bytes: Box<[u8; VERIFY_KEY_LEN]>,
    ed25519: ed25519_dalek::VerifyingKey,
    ml_dsa: Box<MLDSA65VerificationKey>,
}

/// A detached hybrid signature, naming the key that made it.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    key_id: KeyId,
    bytes: Box<[u8; SIGNATURE_LEN]>,
}

impl SignKey {
    /// The algorithm of sign keys.
    pub const ALGORITHM: Algorithm = Algorithm::Ed25519MlDsa65;

    /// A new random key pair.
    pub fn generate() -> Result<Self> {
        Ok(Self::from_seed(random::secret::<SEED_LEN>()?))
    }

    /// The key from its 64-byte seed: Ed25519 secret key (32) || ML-DSA-65 seed ξ (32).
    pub(crate) fn from_seed(seed: Zeroizing<[u8; SEED_LEN]>) -> Self {
        let expanded = ExpandedSignKey::from_seed(&seed);
        Self {
            id: expanded.verify_key.id,
            seed,
            expanded: OnceLock::from(expanded),
        }
    }

    /// The key from a seed stored under `id`, expanded on first use. A seed that does not
    /// produce `id` is refused when it first signs ([`ErrorCode::KeyIdMismatch`]).
    fn from_stored_seed(id: KeyId, seed: Zeroizing<[u8; SEED_LEN]>) -> Self {
        Self {
            id,
            seed,
            expanded: OnceLock::new(),
        }
    }

    /// The key's id: the id of its verify key. For a key opened from storage, the id it was
    /// stored under (authenticated with it by the wrapping key); signing checks the two agree.
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// The verify key of this key's seed.
    pub fn verify_key(&self) -> &VerifyKey {
        &self.expanded().verify_key
    }

    fn expanded(&self) -> &ExpandedSignKey {
        self.expanded
            .get_or_init(|| ExpandedSignKey::from_seed(&self.seed))
    }

    /// The expanded key, if its seed produces the id it is known by.
    fn checked(&self) -> Result<&ExpandedSignKey> {
        let expanded = self.expanded();
        if expanded.verify_key.id == self.id {
            Ok(expanded)
        } else {
            Err(Error::for_key(ErrorCode::KeyIdMismatch, self.id))
        }
    }

    /// Signs `message` for the use named by `context` (at most 255 bytes).
    pub fn sign(&self, message: &[u8], context: &[u8]) -> Result<Signature> {
        Ok(Signature {
            key_id: self.id(),
            bytes: self.sign_raw(message, context)?,
        })
    }

    /// The hybrid signature bytes over `message`, hedged.
    pub(crate) fn sign_raw(
        &self,
        message: &[u8],
        context: &[u8],
    ) -> Result<Box<[u8; SIGNATURE_LEN]>> {
        self.sign_with(message, context, &random::secret::<32>()?)
    }

    fn sign_with(
        &self,
        message: &[u8],
        context: &[u8],
        randomness: &Zeroizing<[u8; 32]>,
    ) -> Result<Box<[u8; SIGNATURE_LEN]>> {
        let expanded = self.checked()?;
        let representative = representative(self.id, context, message)?;
        // libcrux takes the randomness by value: the copy lives only in the call's argument.
        let ml = ml_dsa_65::sign(&expanded.ml_dsa.0, &representative, &[], **randomness)
            .map_err(|_| ErrorCode::SigningFailed)?;
        expanded.combine(&representative, ml.as_slice())
    }

    /// Like [`Self::sign_raw`] with ML-DSA's deterministic variant, for known-answer vectors.
    #[cfg(test)]
    pub(crate) fn sign_raw_deterministic(
        &self,
        message: &[u8],
        context: &[u8],
    ) -> Result<Box<[u8; SIGNATURE_LEN]>> {
        // FIPS 204's deterministic variant: all-zero signing randomness.
        self.sign_with(message, context, &Zeroizing::new([0u8; 32]))
    }
}

impl ExpandedSignKey {
    fn combine(&self, representative: &[u8], ml: &[u8]) -> Result<Box<[u8; SIGNATURE_LEN]>> {
        let ed = self
            .ed25519
            .try_sign(representative)
            .map_err(|_| ErrorCode::SigningFailed)?;
        let mut out = Box::new([0u8; SIGNATURE_LEN]);
        let (ed_out, ml_out) = out.split_at_mut(ED25519_SIGNATURE_LEN);
        ed_out.copy_from_slice(&ed.to_bytes());
        if ml_out.len() != ml.len() {
            return Err(ErrorCode::SigningFailed.into());
        }
        ml_out.copy_from_slice(ml);
        Ok(out)
    }
}

fn split_seed(seed: &[u8; SEED_LEN]) -> (Zeroizing<[u8; 32]>, Zeroizing<[u8; 32]>) {
    let mut ed = Zeroizing::new([0u8; 32]);
    let mut ml = Zeroizing::new([0u8; 32]);
    let (ed_part, ml_part) = seed.split_at(32);
    ed.copy_from_slice(ed_part);
    ml.copy_from_slice(ml_part);
    (ed, ml)
}

/// The bytes of M' besides the context: label, algorithm, context length, key id, message hash.
const REPRESENTATIVE_FIXED_LEN: usize = LABEL.len() + 2 + KeyId::LEN + 64;

/// Builds M' (see the module docs).
fn representative(key_id: KeyId, context: &[u8], message: &[u8]) -> Result<Vec<u8>> {
    let context_len = u8::try_from(context.len())
        .map_err(|_| Error::with_detail(ErrorCode::InputTooLarge, "signature context"))?;
    let mut out = Vec::with_capacity(context.len().saturating_add(REPRESENTATIVE_FIXED_LEN));
    out.extend_from_slice(LABEL);
    out.push(Algorithm::Ed25519MlDsa65.to_byte());
    out.extend_from_slice(key_id.as_bytes());
    out.push(context_len);
    out.extend_from_slice(context);
    out.extend_from_slice(&Sha512::digest(message));
    Ok(out)
}

impl SecretKeyBytes for SignKey {
    const ALGORITHM: Algorithm = Algorithm::Ed25519MlDsa65;

    fn key_id(&self) -> KeyId {
        self.id()
    }

    fn secret_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.seed.to_vec())
    }

    /// Lazy (see [`SignKey`]): the id is checked against the seed when the key first signs.
    fn from_secret_bytes(key_id: KeyId, bytes: &[u8]) -> Result<Self> {
        let mut seed = Zeroizing::new([0u8; SEED_LEN]);
        if bytes.len() != SEED_LEN {
            return Err(Error::with_detail(ErrorCode::InvalidKey, "sign key length"));
        }
        seed.copy_from_slice(bytes);
        Ok(Self::from_stored_seed(key_id, seed))
    }
}

impl fmt::Debug for SignKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignKey")
            .field("id", &self.id())
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl VerifyKey {
    /// The algorithm of verify keys.
    pub const ALGORITHM: Algorithm = Algorithm::Ed25519MlDsa65;

    fn from_parts(ed25519: ed25519_dalek::VerifyingKey, ml_dsa: MLDSA65VerificationKey) -> Self {
        let mut bytes = Box::new([0u8; VERIFY_KEY_LEN]);
        let (ed_out, ml_out) = bytes.split_at_mut(ED25519_PUBLIC_LEN);
        ed_out.copy_from_slice(ed25519.as_bytes());
        ml_out.copy_from_slice(ml_dsa.as_slice());
        Self {
            id: KeyId::derive(Self::ALGORITHM, bytes.as_slice()),
            bytes,
            ed25519,
            ml_dsa: Box::new(ml_dsa),
        }
    }

    /// Parses the public bytes (`ed25519 (32) || ML-DSA-65 (1952)`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut reader = Reader::new(bytes);
        let ed_bytes: [u8; ED25519_PUBLIC_LEN] = reader.array()?;
        let ml_bytes: [u8; ML_DSA_PUBLIC_LEN] = reader.array()?;
        reader.finish()?;
        let ed25519 = ed25519_dalek::VerifyingKey::from_bytes(&ed_bytes)
            .map_err(|_| Error::with_detail(ErrorCode::InvalidKey, "ed25519 public key"))?;
        if ed25519.is_weak() {
            return Err(Error::with_detail(
                ErrorCode::InvalidKey,
                "weak ed25519 public key",
            ));
        }
        // Every 1952-byte string decodes as an ML-DSA-65 public key (rho and packed t1).
        Ok(Self::from_parts(
            ed25519,
            MLDSA65VerificationKey::new(ml_bytes),
        ))
    }

    /// The key's id, derived from its bytes.
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// The public bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_slice()
    }

    /// Verifies a detached signature over `message` for `context`.
    pub fn verify(&self, message: &[u8], context: &[u8], signature: &Signature) -> Result<()> {
        if signature.key_id != self.id {
            return Err(Error::for_key(ErrorCode::WrongKey, signature.key_id));
        }
        self.verify_raw(message, context, signature.bytes.as_slice())
    }

    /// Verifies signature bytes made by this key. Both parts must verify.
    pub(crate) fn verify_raw(
        &self,
        message: &[u8],
        context: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        let mut reader = Reader::new(signature);
        let ed_bytes: [u8; ED25519_SIGNATURE_LEN] = reader.array()?;
        let ml_bytes: [u8; ML_DSA_SIGNATURE_LEN] = reader.array()?;
        reader.finish()?;
        let representative = representative(self.id, context, message)?;

        let ed_signature = ed25519_dalek::Signature::from_bytes(&ed_bytes);
        let ed_ok = self
            .ed25519
            .verify_strict(&representative, &ed_signature)
            .is_ok();
        let ml_signature = ml_dsa_65::MLDSA65Signature::new(ml_bytes);
        let ml_ok = ml_dsa_65::verify(&self.ml_dsa, &representative, &[], &ml_signature).is_ok();
        if ed_ok && ml_ok {
            Ok(())
        } else {
            Err(ErrorCode::SignatureInvalid.into())
        }
    }
}

impl PartialEq for VerifyKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for VerifyKey {}

impl fmt::Debug for VerifyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl Signature {
    /// Length of the binary encoding.
    pub const ENCODED_LEN: usize = 2 + KeyId::LEN + SIGNATURE_LEN;

    /// The id of the key that made the signature.
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// The binary encoding: `version (1) || alg (1) || key id (16) || ed25519 (64) || ML-DSA-65 (3309)`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(Self::ENCODED_LEN);
        out.push(DETACHED_VERSION);
        out.push(Algorithm::Ed25519MlDsa65.to_byte());
        out.extend_from_slice(self.key_id.as_bytes());
        out.extend_from_slice(self.bytes.as_slice());
        out
    }

    /// Parses the binary encoding.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut reader = Reader::new(bytes);
        if reader.remaining() == 0 {
            return Err(ErrorCode::EmptyInput.into());
        }
        let version = reader.u8()?;
        if version != DETACHED_VERSION {
            return Err(Error::with_detail(
                ErrorCode::UnsupportedVersion,
                format!("signature version {version}"),
            ));
        }
        if Algorithm::from_byte(reader.u8()?)? != Algorithm::Ed25519MlDsa65 {
            return Err(Error::with_detail(
                ErrorCode::KeyTypeMismatch,
                "not a signature",
            ));
        }
        let key_id = KeyId::from_bytes(reader.array()?);
        let bytes = Box::new(reader.array::<SIGNATURE_LEN>()?);
        reader.finish()?;
        Ok(Self { key_id, bytes })
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signature")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ml_dsa::signature::Keypair as _;

    /// libcrux's ML-DSA-65 (ours) and RustCrypto's `ml-dsa` agree on keys and accept each
    /// other's signatures over the message representative.
    #[test]
    fn ml_dsa_agrees_with_rustcrypto() {
        for _ in 0..4 {
            let key = SignKey::generate().unwrap();
            let (_, ml_seed) = split_seed(&key.seed);
            let theirs = ml_dsa::SigningKey::<ml_dsa::MlDsa65>::from_seed(&(*ml_seed).into());
            let their_public = theirs.verifying_key().encode();
            assert_eq!(
                &key.verify_key().as_bytes()[ED25519_PUBLIC_LEN..],
                their_public.as_slice()
            );

            let message = b"differential";
            let ours = key.sign_raw(message, b"ctx").unwrap();
            let ml_part =
                ml_dsa::Signature::<ml_dsa::MlDsa65>::try_from(&ours[ED25519_SIGNATURE_LEN..])
                    .unwrap();
            let representative = representative(key.id(), b"ctx", message).unwrap();
            assert!(
                theirs
                    .verifying_key()
                    .verify_with_context(&representative, &[], &ml_part)
            );

            let their_sig = theirs
                .expanded_key()
                .sign_randomized(&representative, &[], &mut getrandom::SysRng)
                .unwrap();
            let combined = key
                .expanded()
                .combine(&representative, &their_sig.encode())
                .unwrap();
            key.verify_key()
                .verify_raw(message, b"ctx", combined.as_slice())
                .unwrap();
        }
    }

    #[test]
    fn debug_is_redacted() {
        let key = SignKey::generate().unwrap();
        let debug = format!("{key:?}");
        assert!(debug.contains("redacted"));
        assert!(!debug.contains(&crate::crypto::hex_encode(key.seed.as_slice())));
    }

    #[test]
    fn a_sign_key_stored_under_another_id_refuses_to_sign() {
        use crate::crypto::SecretKey as _;
        let key = SignKey::generate().unwrap();
        let other = SignKey::generate().unwrap();
        let export = key.export_local().unwrap();
        let mut json: serde_json::Value = serde_json::from_str(&export).unwrap();
        json["id"] = other.id().to_hex().into();
        // Opening stays cheap (the seed is not expanded); the mismatch shows at first use.
        let mislabeled = SignKey::import_local(&json.to_string()).unwrap();
        assert_eq!(mislabeled.id(), other.id());
        let error = mislabeled.sign(b"m", b"ctx").unwrap_err();
        assert_eq!(error.code(), ErrorCode::KeyIdMismatch);
        assert_eq!(mislabeled.verify_key(), key.verify_key());
    }
}
