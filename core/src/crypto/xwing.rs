//! The X-Wing hybrid KEM (X25519 + ML-KEM-768, draft-connolly-cfrg-xwing-kem-06).
//!
//! ML-KEM-768 comes from libcrux (formally verified, AVX2 where available); X25519 from
//! x25519-dalek. Unlike the `x-wing` crate, which re-expands the decapsulation key from its
//! 32-byte seed on every decapsulation (an ML-KEM key generation per message), the expanded
//! key is kept. Tests replay the `x-wing` crate's known-answer file and compare with that crate
//! (built on RustCrypto's `ml-kem`) on random keys in both directions.
//!
//! Unlike the crate's default key, decapsulation rejects a non-contributory X25519 share
//! (an all-zero shared secret), the behaviour CFRG chose for the standard.

use libcrux_ml_kem::mlkem768::{self, MlKem768Ciphertext, MlKem768PrivateKey, MlKem768PublicKey};
use x25519_dalek::{PublicKey as X25519Public, StaticSecret};
use zeroize::{Zeroize, Zeroizing};

use super::encoding::Reader;
use super::random;
use crate::error::{Error, ErrorCode, Result};

/// Length of an encapsulation (public) key.
pub(crate) const PUBLIC_KEY_LEN: usize = 1216;
/// Length of a decapsulation key seed.
pub(crate) const SEED_LEN: usize = 32;
/// Length of a ciphertext.
pub(crate) const CIPHERTEXT_LEN: usize = 1120;
/// Randomness consumed by one encapsulation.
pub(crate) const ENCAPSULATION_SEED_LEN: usize = 64;

const ML_KEM_PUBLIC_LEN: usize = 1184;
const ML_KEM_PRIVATE_LEN: usize = 2400;
const ML_KEM_CIPHERTEXT_LEN: usize = 1088;
const LABEL: &[u8; 6] = br"\.//^\";

/// A shared secret.
pub(crate) type SharedSecret = Zeroizing<[u8; 32]>;

/// An X-Wing encapsulation key, parsed.
#[derive(Clone)]
pub(crate) struct EncapsulationKey {
    ml_kem: Box<MlKem768PublicKey>,
    x25519: X25519Public,
    bytes: Box<[u8; PUBLIC_KEY_LEN]>,
}

/// An X-Wing decapsulation key, kept expanded.
#[derive(Clone)]
pub(crate) struct DecapsulationKey {
    seed: Zeroizing<[u8; SEED_LEN]>,
    /// The expanded ML-KEM private key. libcrux's key type does not zeroize itself, so the bytes
    /// live here and a libcrux key is built for each decapsulation, then scrubbed.
    ml_kem: Box<Zeroizing<[u8; ML_KEM_PRIVATE_LEN]>>,
    x25519: StaticSecret,
    public: EncapsulationKey,
}

impl DecapsulationKey {
    /// Expands a seed: `SHAKE256(seed)` gives the ML-KEM seed (64) and the X25519 secret (32).
    pub(crate) fn from_seed(seed: Zeroizing<[u8; SEED_LEN]>) -> Self {
        let mut expanded = Zeroizing::new([0u8; 96]);
        libcrux_sha3::shake256_ema(expanded.as_mut_slice(), seed.as_slice());
        let (ml_part, x_part) = expanded.split_at(64);
        let mut ml_seed = Zeroizing::new([0u8; 64]);
        ml_seed.copy_from_slice(ml_part);
        let mut x_secret = Zeroizing::new([0u8; 32]);
        x_secret.copy_from_slice(x_part);

        // libcrux and x25519-dalek take seeds by value: the copies live only in the calls'
        // arguments; every named copy is in a zeroizing wrapper.
        let (ml_private, ml_public) = mlkem768::generate_key_pair(*ml_seed).into_parts();
        let mut ml_kem = Box::new(Zeroizing::new([0u8; ML_KEM_PRIVATE_LEN]));
        ml_kem.copy_from_slice(ml_private.as_slice());
        scrub(ml_private);

        let x25519 = StaticSecret::from(*x_secret);
        let x_public = X25519Public::from(&x25519);
        let mut bytes = Box::new([0u8; PUBLIC_KEY_LEN]);
        let (ml_out, x_out) = bytes.split_at_mut(ML_KEM_PUBLIC_LEN);
        ml_out.copy_from_slice(ml_public.as_slice());
        x_out.copy_from_slice(x_public.as_bytes());
        let public = EncapsulationKey {
            ml_kem: Box::new(ml_public),
            x25519: x_public,
            bytes,
        };
        Self {
            seed,
            ml_kem,
            x25519,
            public,
        }
    }

    /// The 32-byte seed.
    pub(crate) fn seed(&self) -> &[u8; SEED_LEN] {
        &self.seed
    }

    /// The matching encapsulation key.
    pub(crate) fn public(&self) -> &EncapsulationKey {
        &self.public
    }

    /// Recovers the shared secret from a ciphertext.
    pub(crate) fn decapsulate(&self, ciphertext: &[u8]) -> Result<SharedSecret> {
        let mut reader = Reader::new(ciphertext);
        let ct_m = reader.take(ML_KEM_CIPHERTEXT_LEN)?;
        let ct_x: [u8; 32] = reader.array()?;
        reader.finish()?;

        let ct_m = MlKem768Ciphertext::try_from(ct_m)
            .map_err(|_| Error::new(ErrorCode::InputTruncated))?;
        let private = MlKem768PrivateKey::from(&**self.ml_kem);
        let ss_m = Zeroizing::new(mlkem768::decapsulate(&private, &ct_m));
        scrub(private);

        let ct_x = X25519Public::from(ct_x);
        let ss_x = self.x25519.diffie_hellman(&ct_x);
        if !ss_x.was_contributory() {
            return Err(ErrorCode::DecapsulationFailed.into());
        }
        Ok(combine(&ss_m, ss_x.as_bytes(), &ct_x, &self.public.x25519))
    }
}

/// Clears a libcrux private key, which has no zeroizing drop of its own.
fn scrub(key: MlKem768PrivateKey) {
    let mut bytes: [u8; ML_KEM_PRIVATE_LEN] = key.into();
    bytes.zeroize();
}

impl EncapsulationKey {
    /// Parses and validates a public key (the FIPS 203 encapsulation key check included).
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut reader = Reader::new(bytes);
        let ml_bytes = reader.take(ML_KEM_PUBLIC_LEN)?;
        let x_bytes: [u8; 32] = reader.array()?;
        reader.finish()?;
        let ml_kem = MlKem768PublicKey::try_from(ml_bytes)
            .map_err(|_| Error::new(ErrorCode::InputTruncated))?;
        if !mlkem768::validate_public_key(&ml_kem) {
            return Err(Error::with_detail(
                ErrorCode::InvalidKey,
                "ML-KEM public key",
            ));
        }
        let mut owned = Box::new([0u8; PUBLIC_KEY_LEN]);
        owned.copy_from_slice(bytes);
        Ok(Self {
            ml_kem: Box::new(ml_kem),
            x25519: X25519Public::from(x_bytes),
            bytes: owned,
        })
    }

    /// The public key bytes: ML-KEM-768 key (1184) || X25519 key (32).
    pub(crate) fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LEN] {
        &self.bytes
    }

    /// A fresh shared secret and its ciphertext.
    pub(crate) fn encapsulate(&self) -> Result<(Vec<u8>, SharedSecret)> {
        let seed = random::secret::<ENCAPSULATION_SEED_LEN>()?;
        Ok(self.encapsulate_deterministic(&seed))
    }

    /// Encapsulates with the given randomness: the first 32 bytes for ML-KEM, the last 32 as
    /// the ephemeral X25519 secret. Only for known-answer tests and [`Self::encapsulate`].
    pub(crate) fn encapsulate_deterministic(
        &self,
        seed: &[u8; ENCAPSULATION_SEED_LEN],
    ) -> (Vec<u8>, SharedSecret) {
        let (m, ephemeral) = seed.split_at(32);
        let mut m_array = Zeroizing::new([0u8; 32]);
        m_array.copy_from_slice(m);
        let mut ephemeral_array = Zeroizing::new([0u8; 32]);
        ephemeral_array.copy_from_slice(ephemeral);

        // By-value arguments, as in `from_seed`.
        let (ct_m, ss_m) = mlkem768::encapsulate(&self.ml_kem, *m_array);
        let ss_m = Zeroizing::new(ss_m);
        let ephemeral = StaticSecret::from(*ephemeral_array);
        let ct_x = X25519Public::from(&ephemeral);
        let ss_x = ephemeral.diffie_hellman(&self.x25519);

        let mut ciphertext = Vec::with_capacity(CIPHERTEXT_LEN);
        ciphertext.extend_from_slice(ct_m.as_slice());
        ciphertext.extend_from_slice(ct_x.as_bytes());
        let shared = combine(&ss_m, ss_x.as_bytes(), &ct_x, &self.x25519);
        (ciphertext, shared)
    }
}

/// The X-Wing combiner: `SHA3-256(ss_M || ss_X || ct_X || pk_X || label)`.
fn combine(
    ss_m: &[u8; 32],
    ss_x: &[u8; 32],
    ct_x: &X25519Public,
    pk_x: &X25519Public,
) -> SharedSecret {
    let mut input = Zeroizing::new([0u8; 4 * 32 + LABEL.len()]);
    for (part, bytes) in input.chunks_mut(32).zip([
        ss_m.as_slice(),
        ss_x.as_slice(),
        ct_x.as_bytes(),
        pk_x.as_bytes(),
        LABEL,
    ]) {
        part.copy_from_slice(bytes);
    }
    Zeroizing::new(libcrux_sha3::sha256(input.as_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use x_wing::{
        Decapsulate as _, Decapsulator as _, Encapsulate as _, KeyExport as _, KeyInit as _,
    };

    #[derive(serde::Deserialize)]
    struct Vector {
        seed: String,
        eseed: String,
        ss: String,
        sk: String,
        pk: String,
        ct: String,
    }

    fn unhex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// The draft-06 vectors shipped with the `x-wing` crate, replayed on our implementation.
    #[test]
    fn replays_x_wing_known_answers() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/vectors/x-wing-draft06.json"
        );
        let vectors: Vec<Vector> =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(vectors.len(), 3);
        for vector in vectors {
            let seed: [u8; 32] = unhex(&vector.seed)[..32].try_into().unwrap();
            assert_eq!(unhex(&vector.sk), seed);
            let key = DecapsulationKey::from_seed(Zeroizing::new(seed));
            assert_eq!(key.public().as_bytes().as_slice(), unhex(&vector.pk));

            let eseed: [u8; 64] = unhex(&vector.eseed)[..64].try_into().unwrap();
            let (ct, ss) = key.public().encapsulate_deterministic(&eseed);
            assert_eq!(ct, unhex(&vector.ct));
            assert_eq!(ss.as_slice(), unhex(&vector.ss));
            assert_eq!(key.decapsulate(&ct).unwrap().as_slice(), unhex(&vector.ss));
        }
    }

    /// Our expanded-key implementation agrees with the `x-wing` crate in both directions.
    #[test]
    fn agrees_with_the_x_wing_crate() {
        for _ in 0..8 {
            let seed = random::secret::<SEED_LEN>().unwrap();
            let ours = DecapsulationKey::from_seed(seed.clone());
            let theirs = x_wing::DecapsulationKey::new(&(*seed).into());
            let their_public = theirs.encapsulation_key().to_bytes();
            assert_eq!(ours.public().as_bytes().as_slice(), their_public.as_slice());

            let (ct, ss) = ours.public().encapsulate().unwrap();
            let their_ct = x_wing::Ciphertext::try_from(ct.as_slice()).unwrap();
            assert_eq!(theirs.decapsulate(&their_ct).as_slice(), ss.as_slice());

            let (their_ct, their_ss) = theirs.encapsulation_key().encapsulate();
            assert_eq!(
                ours.decapsulate(&their_ct).unwrap().as_slice(),
                their_ss.as_slice()
            );
        }
    }

    #[test]
    fn rejects_non_contributory_x25519_share() {
        let key = DecapsulationKey::from_seed(random::secret().unwrap());
        let (mut ct, _) = key.public().encapsulate().unwrap();
        ct[ML_KEM_CIPHERTEXT_LEN..].fill(0);
        assert_eq!(
            key.decapsulate(&ct).unwrap_err().code(),
            ErrorCode::DecapsulationFailed
        );
    }

    #[test]
    fn rejects_wrong_lengths() {
        let key = DecapsulationKey::from_seed(random::secret().unwrap());
        let (ct, _) = key.public().encapsulate().unwrap();
        assert_eq!(
            key.decapsulate(&ct[..CIPHERTEXT_LEN - 1])
                .unwrap_err()
                .code(),
            ErrorCode::InputTruncated
        );
        let public = key.public().as_bytes();
        assert_eq!(
            EncapsulationKey::from_bytes(&public[..PUBLIC_KEY_LEN - 1])
                .err()
                .unwrap()
                .code(),
            ErrorCode::InputTruncated
        );
    }
}
